"""BCP 47 language tags: compared case-insensitively, written in their canonical case."""

from __future__ import annotations

import re

# RFC 5646 langtag, private-use and the irregular grandfathered forms are not needed here.
_LANGTAG = re.compile(
    r"""^(?:
        (?P<language>[a-z]{2,3}(?:-[a-z]{3}){0,3}|[a-z]{4}|[a-z]{5,8})
        (?:-(?P<script>[a-z]{4}))?
        (?:-(?P<region>[a-z]{2}|[0-9]{3}))?
        (?:-(?:[a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*
        (?:-[0-9a-wy-z](?:-[a-z0-9]{2,8})+)*
        (?:-x(?:-[a-z0-9]{1,8})+)?
      | x(?:-[a-z0-9]{1,8})+
    )$""",
    re.IGNORECASE | re.VERBOSE,
)


def is_well_formed(tag: str) -> bool:
    return bool(_LANGTAG.match(tag))


def normalise(tag: str) -> str:
    """`RU` → `ru`, `en-gb` → `en-GB`, `BE-LATN` → `be-Latn`; a malformed tag is only trimmed.

    Subtags after an extension or private-use singleton keep lower case, as RFC 5646 advises.
    """
    tag = tag.strip().replace("_", "-")
    if not is_well_formed(tag):
        return tag
    parts = tag.lower().split("-")
    out = [parts[0]]
    singleton = parts[0] == "x"
    for part in parts[1:]:
        if len(part) == 1:
            singleton = True
        if not singleton and len(part) == 4 and part.isalpha():
            part = part.title()
        elif not singleton and (len(part) == 2 and part.isalpha()):
            part = part.upper()
        out.append(part)
    return "-".join(out)


def primary(tag: str) -> str:
    """The language subtag alone: `ru-RU` → `ru`."""
    return tag.split("-", 1)[0].lower()


def script(tag: str) -> str | None:
    """The script subtag, if the tag names one: `be-Latn` → `Latn`, `ru-RU` → None."""
    for part in tag.split("-")[1:]:
        if len(part) == 4 and part.isalpha():
            return part.title()
        if len(part) == 1:
            break
    return None


# Region subtags (BCP 47 takes them from ISO 3166-1 and UN M.49): what a term's
# geographicalUsage names, where it is used with its status (`model.status_in`).
ISO_3166_REGIONS = frozenset("""
    AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO BQ
    BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM
    DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS
    GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN
    KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ
    MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM
    PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV
    SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI
    VN VU WF WS YE YT ZA ZM ZW
""".split())
UN_M49_REGIONS = frozenset((
    "001", "002", "003", "005", "009", "011", "013", "014", "015", "017", "018", "019", "021",
    "029", "030", "034", "035", "039", "053", "054", "057", "061", "142", "143", "145", "150",
    "151", "154", "155", "202", "419"))


def region(text: str) -> str | None:
    """The region a usage value names: «BY» and «ru-BY» name BY; None if it names none (a
    country name, an unassigned code such as «UK», a language such as «ru»)."""
    text = text.strip()
    if "-" in text:
        code = text.rsplit("-", 1)[1].upper() if is_well_formed(text) else ""
    else:
        code = text if text.isupper() or text.isdigit() else ""
    return code if code in ISO_3166_REGIONS or code in UN_M49_REGIONS else None
