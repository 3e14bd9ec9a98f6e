"""IPC-1752A material declarations (Class C/D XML) → materials per part number.

Structure read (namespace-agnostic, IPC-1752A schema `http://webstds.ipc.org/175x/2.0`):
MainDeclaration / Product (ProductID@itemNumber) / MaterialInfo / HomogeneousMaterialList
/ HomogeneousMaterial (Amount@value,@UOM) / SubstanceCategoryList / SubstanceCategory /
Substance@name (SubstanceID@identity with @authority="CAS"; Amount@value,@UOM or
Concentration@value = mass % of the homogeneous material).

Parsed with defusedxml: a declaration from a supplier is untrusted input (no entity
expansion, no external entities). IPC-1752A carries no country of origin, so every
substance read here has unknown origin unless the BOM says otherwise.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from compliance.model.errors import InputError
from compliance.model.records import Rejected
from compliance.readers.declarations import Declarations, make_material
from compliance.readers.values import FieldError, parse_decimal

_TO_GRAMS = {"g": Decimal(1), "kg": Decimal(1000), "mg": Decimal("0.001"), "µg": Decimal("0.000001"), "ug": Decimal("0.000001")}


#: IPC-1752A namespaces: http://webstds.ipc.org/175x/2.0 (and the 1.x/2.x revisions under it).
IPC_NAMESPACE_PREFIX = "http://webstds.ipc.org/175x/"


#: defusedxml's refusals, in words (entity bombs and external entities live in the DTD).
_REFUSED = {
    "DTDForbidden": "a document type declaration (DTD: where entity bombs and external entities live)",
    "EntitiesForbidden": "an entity declaration",
    "ExternalReferenceForbidden": "an external reference",
    "NotSupportedError": "an unsupported XML feature",
}


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(node, name):
    return next((c for c in node if _local(c.tag) == name), None)


def _children(node, name):
    return [c for c in node if _local(c.tag) == name]


def _descendants(node, name):
    return [c for c in node.iter() if _local(c.tag) == name]


def _grams(amount, field: str) -> Decimal | None:
    """Mass from an <Amount value UOM>; None for ppm/percent (not a mass)."""
    if amount is None:
        return None
    value = parse_decimal(amount.get("value", ""), field)
    uom = (amount.get("UOM") or "g").strip()
    if uom in _TO_GRAMS:
        return value * _TO_GRAMS[uom]
    if uom.casefold() in {"ppm", "masspercent", "%"}:
        return None
    raise FieldError(field, f"unknown unit of measure {uom!r}")


def _reject_all(out: Declarations, node, field: str, reason: str) -> None:
    """Every substance under `node` is read and rejected (one record each, so counts add up);
    an element without substances is still one rejected record."""
    substances = _descendants(node, "Substance") or [None]
    out.rows_read += len(substances)
    out.rejected.extend(Rejected(file=out.file, row=None, field=field, reason=reason) for _ in substances)


def read_ipc1752(path: str | Path, display_name: str | None = None) -> Declarations:
    file = display_name or str(path)
    try:
        from defusedxml import ElementTree as SafeET
        from defusedxml.common import DefusedXmlException
    except ImportError:  # pragma: no cover - declared dependency
        raise InputError("reading IPC-1752A needs defusedxml (pip install defusedxml)", file=file) from None
    try:
        root = SafeET.parse(str(path), forbid_dtd=True).getroot()  # a declaration needs no DTD
    except DefusedXmlException as exc:
        what = _REFUSED.get(type(exc).__name__, "unsafe XML")
        raise InputError(f"refused unsafe XML: {what} ({type(exc).__name__}); a declaration needs none", file=file, field="<!DOCTYPE>") from None
    except SafeET.ParseError as exc:
        line = getattr(exc, "position", (None,))[0]
        raise InputError(f"invalid XML: {exc}", file=file, line=line) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", file=file) from None
    if _local(root.tag) != "MainDeclaration":
        raise InputError(f"not an IPC-1752A declaration (root element <{_local(root.tag)}>, expected <MainDeclaration>)", file=file, line=1)
    namespace = root.tag[1:].split("}", 1)[0] if root.tag.startswith("{") else ""
    if not namespace.startswith(IPC_NAMESPACE_PREFIX):
        raise InputError(
            f"<MainDeclaration> is in namespace {namespace or '(none)'!r}, not IPC-1752A's ({IPC_NAMESPACE_PREFIX}2.0)",
            file=file, line=1, field="MainDeclaration@xmlns",
        )
    out = Declarations(file=file, kind="ipc-1752a")
    products = _descendants(root, "Product")
    if not products:
        raise InputError("no <Product> in the declaration", file=file)
    for p_index, product in enumerate(products, start=1):
        product_id = _child(product, "ProductID")
        part = (product_id.get("itemNumber") or "").strip() if product_id is not None else ""
        where = f"Product[{p_index}]"
        if not part:
            _reject_all(out, product, f"{where}/ProductID@itemNumber", "product without itemNumber")
            continue
        for h_index, homogeneous in enumerate(_descendants(product, "HomogeneousMaterial"), start=1):
            h_where = f"{where}/HomogeneousMaterial[{h_index}]"
            try:
                h_mass = _grams(_child(homogeneous, "Amount"), h_where + "/Amount")
            except FieldError as exc:
                _reject_all(out, homogeneous, exc.field, str(exc))
                continue
            for s_index, substance in enumerate(_descendants(homogeneous, "Substance"), start=1):
                out.rows_read += 1
                s_where = f"{h_where}/Substance[{s_index}]"
                name = (substance.get("name") or "").strip()
                cas = None
                for sid in _children(substance, "SubstanceID"):
                    if (sid.get("authority") or "CAS").upper() == "CAS":
                        cas = (sid.get("identity") or "").strip() or None
                try:
                    mass = _grams(_child(substance, "Amount"), s_where + "/Amount")
                    share = None
                    if mass is None:
                        conc = _child(substance, "Concentration")
                        if conc is None:
                            raise FieldError(s_where, "substance without Amount or Concentration")
                        pct = parse_decimal(conc.get("value", ""), s_where + "/Concentration")
                        if h_mass is None:
                            raise FieldError(h_where + "/Amount", f"concentration of {name or cas} given but the homogeneous material has no mass")
                        mass = h_mass * pct / 100
                    material = make_material(name or (cas or ""), cas, mass, share, None, f"{file}#{part}/{s_where}")
                except FieldError as exc:
                    out.rejected.append(Rejected(file=file, row=None, field=exc.field, reason=str(exc)))
                    continue
                out.by_part.setdefault(part, []).append(material)
                out.rows.setdefault(part, p_index)
    return out
