"""The package's dataclass methods come compiled from the warm cache on a warm run, behave exactly as
freshly compiled ones, and classes of other packages are left to dataclasses as they are."""

from __future__ import annotations

import dataclasses
import sys
import types

import pytest

from compliance.support import classcode, warmcache


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """An empty warm cache and no compiled texts yet in this process."""
    monkeypatch.setenv("COMPLIANCE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(warmcache, "_rejected", [])
    monkeypatch.setattr(classcode, "_codes", None)
    monkeypatch.setattr(classcode, "_new", False)
    classcode.install()
    return tmp_path


def _make(module_name: str):
    """A dataclass defined in a module of that name (dataclasses compiles in the module's namespace)."""
    module = types.ModuleType(module_name)
    sys.modules[module_name] = module
    try:
        source = "class Part:\n    number: str\n    mass: float = 0.0\n    notes: list = None\n"
        exec(source, module.__dict__)
        return dataclasses.dataclass(kw_only=True, slots=True)(module.Part)
    finally:
        del sys.modules[module_name]


def test_a_warm_run_makes_the_package_s_classes_without_compiling(fresh, monkeypatch):
    cold = _make("compliance._probe")
    assert classcode._codes and classcode._new
    classcode._store()
    assert list(fresh.glob("class-code-*.pickle"))
    monkeypatch.setattr(classcode, "_codes", None)  # a new process, as far as the module knows

    def no_compiling(*args, **kwargs):
        raise AssertionError("compiled a method on a warm run")

    monkeypatch.setattr(classcode, "compile", no_compiling, raising=False)
    warm = _make("compliance._probe")
    a, b = cold(number="P-1", mass=2.5), warm(number="P-1", mass=2.5)
    assert repr(a) == repr(b) == "Part(number='P-1', mass=2.5, notes=None)"
    assert warm(number="P-1", mass=2.5) == b != warm(number="P-2")
    with pytest.raises(TypeError):
        warm("P-1")  # keyword-only, as declared
    assert not hasattr(b, "__dict__")  # slotted


def test_classes_of_other_packages_are_compiled_as_before(fresh):
    made = _make("someone_else._probe")
    assert made(number="x") == made(number="x")
    assert classcode._codes is None  # the cache was not even opened


def test_a_damaged_entry_is_not_used_and_the_methods_are_compiled_again(fresh, monkeypatch):
    _make("compliance._probe")
    classcode._store()
    [entry] = fresh.glob("class-code-*.pickle")
    raw = bytearray(entry.read_bytes())
    raw[-10] ^= 1
    entry.write_bytes(bytes(raw))
    monkeypatch.setattr(classcode, "_codes", None)
    made = _make("compliance._probe")
    assert made(number="x", mass=1.0).mass == 1.0 and classcode._new  # compiled afresh, to be stored again
    assert warmcache.report_rejected() is not None
