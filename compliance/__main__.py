"""`python -m compliance` runs the same CLI as the `compliance` console script."""

from compliance.cli import main

if __name__ == "__main__":
    main()
