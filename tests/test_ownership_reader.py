"""Ownership tables: every row becomes a stake or a rejection with a reason; bad headers are one-line errors."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from compliance.model.errors import InputError
from compliance.readers.ownership import parse_percent, read_ownership


def write(tmp_path, text, name="own.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_stakes_unknown_percent_and_optional_columns(tmp_path):
    path = write(tmp_path, "Owner,Owned,Percent,Owner Country,Owned Country,Source,As of\n"
                           "X,A,50,cn,hk,annual report 2025,2025-12-31\n"
                           "A,B,12.5 %,,,,\n"
                           "Y,B,,,,,\n")
    links, rejected, read = read_ownership(path)
    assert read == 3 and rejected == []
    assert [(l.row, l.owner, l.owned, l.percent) for l in links] == [
        (2, "X", "A", Decimal(50)), (3, "A", "B", Decimal("12.5")), (4, "Y", "B", None)]
    assert links[0].owner_country == "CN" and links[0].owned_country == "HK"
    assert links[0].source == "annual report 2025" and links[0].as_of == "2025-12-31"


def test_aliases_shareholder_subsidiary_stake(tmp_path):
    links, _, _ = read_ownership(write(tmp_path, "shareholder;subsidiary;stake\nX;A;50,5\n"))
    assert links[0].percent == Decimal("50.5")


@pytest.mark.parametrize(
    "row, field, reason",
    [
        ("X,A,abc", "percent", "not a percentage"),
        ("X,A,150", "percent", "out of range"),
        ("X,A,-5", "percent", "out of range"),
        (",A,50", "owner", "empty owner"),
        ("X,,50", "owned", "empty owned"),
        ("X,x ,50", "owned", "cannot own itself"),
        ("X,A,50,ZZ", "owned_country", "unknown country"),
        ("X,A,50,DE,extra", "(row)", "more cell"),
    ],
)
def test_bad_rows_are_rejected_with_field_and_reason(tmp_path, row, field, reason):
    path = write(tmp_path, "owner,owned,percent,owned_country\nP,Q,10,DE\n" + row + "\n")
    links, rejected, read = read_ownership(path, "own.csv")
    assert read == 2 and len(links) == 1
    assert len(rejected) == 1
    assert (rejected[0].file, rejected[0].row, rejected[0].field) == ("own.csv", 3, field)
    assert reason in rejected[0].reason


def test_missing_required_column_is_an_input_error_naming_file_and_line(tmp_path):
    with pytest.raises(InputError) as info:
        read_ownership(write(tmp_path, "owner,owned\nX,A\n"), "own.csv")
    assert info.value.file == "own.csv" and info.value.line == 1 and "percent" in str(info.value)


@given(st.decimals(min_value=0, max_value=100, places=3, allow_nan=False, allow_infinity=False))
def test_percent_round_trips(value):
    assert parse_percent(f"{value}") == value
    assert parse_percent(f"{value} %") == value
    assert parse_percent(f"{value}".replace(".", ",")) == value


@given(st.text(max_size=12))
def test_percent_parser_never_crashes(text):
    try:
        result = parse_percent(text)
    except ValueError:
        return
    assert result is None or 0 <= result <= 100


def test_json_and_xlsx_tables_read_like_csv(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    json_path = tmp_path / "own.json"
    json_path.write_text('[\n {"owner": "X", "owned": "A", "percent": 50},\n {"owner": "A", "owned": "B", "percent": null}\n]\n', encoding="utf-8")
    links, rejected, read = read_ownership(json_path, "own.json")
    assert [(l.owner, l.owned, l.percent) for l in links] == [("X", "A", Decimal(50)), ("A", "B", None)]
    assert links[0].row == 2 and rejected == []
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Stakes"
    sheet.append(["Shareholder", "Subsidiary", "Stake"])
    sheet.append(["X", "A", 50.5])
    xlsx_path = tmp_path / "own.xlsx"
    book.save(xlsx_path)
    links, rejected, read = read_ownership(xlsx_path, "own.xlsx")
    assert [(l.owner, l.owned, l.percent) for l in links] == [("X", "A", Decimal("50.5"))]
    assert links[0].file == "own.xlsx!Stakes" and links[0].row == 2
