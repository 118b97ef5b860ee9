"""EU authority and Europass concept IRIs for ELM 3.2 (notes/elm-wallet.md §1.5) and ISO tables."""

from __future__ import annotations

from typing import Any, Final

# --- concept schemes -------------------------------------------------------------------------
COUNTRY_SCHEME: Final = "http://publications.europa.eu/resource/authority/country"
LANGUAGE_SCHEME: Final = "http://publications.europa.eu/resource/authority/language"
FILE_TYPE_SCHEME: Final = "http://publications.europa.eu/resource/authority/file-type"
HUMAN_SEX_SCHEME: Final = "http://publications.europa.eu/resource/authority/human-sex"
CREDENTIAL_SCHEME: Final = "http://data.europa.eu/snb/credential/25831c2"
EQF_SCHEME: Final = "http://data.europa.eu/snb/eqf/25831c2"
ISCED_F_SCHEME: Final = "http://data.europa.eu/snb/isced-f/25831c2"
CREDIT_SCHEME: Final = "http://data.europa.eu/snb/education-credit/25831c2"
ENCODING_SCHEME: Final = "http://data.europa.eu/snb/encoding/25831c2"
EVIDENCE_SCHEME: Final = "http://data.europa.eu/snb/evidence-type/25831c2"
GRADE_STATUS_SCHEME: Final = "http://data.europa.eu/snb/grade-status/25831c2"
OPPORTUNITY_SCHEME: Final = "http://data.europa.eu/snb/learning-opportunity/25831c2"

# --- credential profiles and SHACL schemas -----------------------------------------------------
PROFILE_GENERIC: Final = ("http://data.europa.eu/snb/credential/e34929035b", "Generic")
PROFILE_CONVERTED: Final = ("http://data.europa.eu/snb/credential/c_7e400154", "Converted")
SCHEMA_GENERIC_FULL: Final = "http://data.europa.eu/snb/model/ap/edc-generic-full"
SCHEMA_CONVERTED: Final = "http://data.europa.eu/snb/model/ap/edc-converted"
CONTEXT: Final = (
    "https://www.w3.org/2018/credentials/v1",
    "http://data.europa.eu/snb/model/context/edc-ap",
)

# --- single concepts -------------------------------------------------------------------------
ECTS: Final = ("http://data.europa.eu/snb/education-credit/6fcec5c5af", "ECTS")
BASE64: Final = ("http://data.europa.eu/snb/encoding/6146cde7dd", "base64")
EVIDENCE_CONVERSION: Final = ("http://data.europa.eu/snb/evidence-type/c_c4f849d7", "Conversion")
GRADE_PASS: Final = ("http://data.europa.eu/snb/grade-status/c_60a1cf9a", "pass")
# No EU grade-status IRI for "fail" is published in the artefacts we have; ELM allows a provider's
# own list for gradeStatus, so failed results carry this gateway-local concept.
GRADE_FAIL_LOCAL: Final = ("urn:epass:concept:grade-status:fail", "fail")
MEDIA_TO_FILE_TYPE: Final = {
    "application/pdf": "PDF",
    "image/png": "PNG",
    "image/jpeg": "JPEG",
    "application/xml": "XML",
    "text/xml": "XML",
}
HUMAN_SEX: Final = {1: "MALE", 2: "FEMALE"}  # ISO/IEC 5218; 0 and 9 have no confirmed EU code

# ELMO LOS type → Europass learning-opportunity type (a manual choice, notes §2.4)
_LO: Final = "http://data.europa.eu/snb/learning-opportunity/"
OPPORTUNITY_TYPES: Final = {
    "Degree Programme": (f"{_LO}79343569f3", "Educational programme"),
    "Module": (f"{_LO}0f7dac46ca", "Programme module"),
    "Course": (f"{_LO}05053c1cbe", "Course"),
    "Class": (f"{_LO}7e1ac538db", "Class"),
}

# --- ISO tables (generated from ISO 3166-1 / ISO 639 and checked against the EU authority
# tables in the ELM code lists: master/xsd/loq/cv/country.xsd, language.xsd, isced-f.xsd) ----
_COUNTRIES = """
AD:AND AE:ARE AF:AFG AG:ATG AI:AIA AL:ALB AM:ARM AO:AGO AQ:ATA AR:ARG AS:ASM AT:AUT AU:AUS
AW:ABW AX:ALA AZ:AZE BA:BIH BB:BRB BD:BGD BE:BEL BF:BFA BG:BGR BH:BHR BI:BDI BJ:BEN BL:BLM
BM:BMU BN:BRN BO:BOL BQ:BES BR:BRA BS:BHS BT:BTN BV:BVT BW:BWA BY:BLR BZ:BLZ CA:CAN CC:CCK
CD:COD CF:CAF CG:COG CH:CHE CI:CIV CK:COK CL:CHL CM:CMR CN:CHN CO:COL CR:CRI CU:CUB CV:CPV
CW:CUW CX:CXR CY:CYP CZ:CZE DE:DEU DJ:DJI DK:DNK DM:DMA DO:DOM DZ:DZA EC:ECU EE:EST EG:EGY
EH:ESH ER:ERI ES:ESP ET:ETH FI:FIN FJ:FJI FK:FLK FM:FSM FO:FRO FR:FRA GA:GAB GB:GBR GD:GRD
GE:GEO GF:GUF GG:GGY GH:GHA GI:GIB GL:GRL GM:GMB GN:GIN GP:GLP GQ:GNQ GR:GRC GS:SGS GT:GTM
GU:GUM GW:GNB GY:GUY HK:HKG HM:HMD HN:HND HR:HRV HT:HTI HU:HUN ID:IDN IE:IRL IL:ISR IM:IMN
IN:IND IO:IOT IQ:IRQ IR:IRN IS:ISL IT:ITA JE:JEY JM:JAM JO:JOR JP:JPN KE:KEN KG:KGZ KH:KHM
KI:KIR KM:COM KN:KNA KP:PRK KR:KOR KW:KWT KY:CYM KZ:KAZ LA:LAO LB:LBN LC:LCA LI:LIE LK:LKA
LR:LBR LS:LSO LT:LTU LU:LUX LV:LVA LY:LBY MA:MAR MC:MCO MD:MDA ME:MNE MF:MAF MG:MDG MH:MHL
MK:MKD ML:MLI MM:MMR MN:MNG MO:MAC MP:MNP MQ:MTQ MR:MRT MS:MSR MT:MLT MU:MUS MV:MDV MW:MWI
MX:MEX MY:MYS MZ:MOZ NA:NAM NC:NCL NE:NER NF:NFK NG:NGA NI:NIC NL:NLD NO:NOR NP:NPL NR:NRU
NU:NIU NZ:NZL OM:OMN PA:PAN PE:PER PF:PYF PG:PNG PH:PHL PK:PAK PL:POL PM:SPM PN:PCN PR:PRI
PS:PSE PT:PRT PW:PLW PY:PRY QA:QAT RE:REU RO:ROU RS:SRB RU:RUS RW:RWA SA:SAU SB:SLB SC:SYC
SD:SDN SE:SWE SG:SGP SH:SHN SI:SVN SJ:SJM SK:SVK SL:SLE SM:SMR SN:SEN SO:SOM SR:SUR SS:SSD
ST:STP SV:SLV SX:SXM SY:SYR SZ:SWZ TC:TCA TD:TCD TF:FQ0 TG:TGO TH:THA TJ:TJK TK:TKL TL:TLS
TM:TKM TN:TUN TO:TON TR:TUR TT:TTO TV:TUV TW:TWN TZ:TZA UA:UKR UG:UGA UM:UMI US:USA UY:URY
UZ:UZB VA:VAT VC:VCT VE:VEN VG:VGB VI:VIR VN:VNM VU:VUT WF:WLF WS:WSM XK:1A0 YE:YEM YT:MYT
ZA:ZAF ZM:ZMB ZW:ZWE
"""
_LANGUAGES = """
aa:AAR ab:ABK ae:AVE af:AFR ak:AKA am:AMH an:ARG ar:ARA as:ASM av:AVA ay:AYM az:AZE ba:BAK
be:BEL bg:BUL bi:BIS bm:BAM bn:BEN bo:BOD br:BRE bs:BOS ca:CAT ce:CHE ch:CHA co:COS cr:CRE
cs:CES cu:CHU cv:CHV cy:CYM da:DAN de:DEU dv:DIV dz:DZO ee:EWE el:ELL en:ENG eo:EPO es:SPA
et:EST eu:EUS fa:FAS ff:FUL fi:FIN fj:FIJ fo:FAO fr:FRA fy:FRY ga:GLE gd:GLA gl:GLG gn:GRN
gu:GUJ gv:GLV ha:HAU he:HEB hi:HIN ho:HMO hr:HRV ht:HAT hu:HUN hy:HYE hz:HER ia:INA id:IND
ie:ILE ig:IBO ii:III ik:IPK io:IDO is:ISL it:ITA iu:IKU ja:JPN jv:JAV ka:KAT kg:KON ki:KIK
kj:KUA kk:KAZ kl:KAL km:KHM kn:KAN ko:KOR kr:KAU ks:KAS ku:KUR kv:KOM kw:COR ky:KIR la:LAT
lb:LTZ lg:LUG li:LIM ln:LIN lo:LAO lt:LIT lu:LUB lv:LAV mg:MLG mh:MAH mi:MRI mk:MKD ml:MAL
mn:MON mr:MAR ms:MSA mt:MLT my:MYA na:NAU nb:NOB nd:NDE ne:NEP ng:NDO nl:NLD nn:NNO no:NOR
nr:NBL nv:NAV ny:NYA oc:OCI oj:OJI om:ORM or:ORI os:OSS pa:PAN pi:PLI pl:POL ps:PUS pt:POR
qu:QUE rm:ROH rn:RUN ro:RON ru:RUS rw:KIN sa:SAN sc:SRD sd:SND se:SME sg:SAG si:SIN sk:SLK
sl:SLV sm:SMO sn:SNA so:SOM sq:SQI sr:SRP ss:SSW st:SOT su:SUN sv:SWE sw:SWA ta:TAM te:TEL
tg:TGK th:THA ti:TIR tk:TUK tl:TGL tn:TSN to:TON tr:TUR ts:TSO tt:TAT tw:TWI ty:TAH ug:UIG
uk:UKR ur:URD uz:UZB ve:VEN vi:VIE vo:VOL wa:WLN wo:WOL xh:XHO yi:YID yo:YOR za:ZHA zh:ZHO
zu:ZUL
"""
_ISCED_F = """
00 000 0000 001 0011 002 0021 003 0031 009 0099 01 011 0110 0111 0112 0113 0114 0119 018
0188 02 020 0200 021 0210 0211 0212 0213 0214 0215 0219 022 0220 0221 0222 0223 0228 0229
023 0230 0231 0232 0239 028 0288 029 0299 03 030 0300 031 0310 0311 0312 0313 0314 0319 032
0320 0321 0322 0329 038 0388 039 0399 04 040 0400 041 0410 0411 0412 0413 0414 0415 0416
0417 0419 042 0421 048 0488 049 0499 05 050 0500 051 0510 0511 0512 0519 052 0520 0521 0522
0529 053 0530 0531 0532 0533 0539 054 0540 0541 0542 058 0588 059 0599 06 061 0610 0611 0612
0613 0619 068 0688 07 070 0700 071 0710 0711 0712 0713 0714 0715 0716 0719 072 0720 0721
0722 0723 0724 0729 073 0730 0731 0732 078 0788 079 0799 08 080 0800 081 0810 0811 0812 0819
082 0821 083 0831 084 0841 088 0888 089 0899 09 090 0900 091 0910 0911 0912 0913 0914 0915
0916 0917 0919 092 0920 0921 0922 0923 0929 098 0988 099 0999 10 100 1000 101 1010 1011 1012
1013 1014 1015 1019 102 1020 1021 1022 1029 103 1030 1031 1032 1039 104 1041 108 1088 109
1099 99 999 9999
"""
COUNTRIES: Final[dict[str, str]] = dict(p.split(":") for p in _COUNTRIES.split())
COUNTRY_ALIASES: Final = {"EL": "GR", "UK": "GB"}  # EU usage for Greece and the United Kingdom
LANGUAGES: Final[dict[str, str]] = dict(p.split(":") for p in _LANGUAGES.split())
ISCED_F_CODES: Final = frozenset(_ISCED_F.split())


def concept(iri: str, scheme: str | None = None, label: str | None = None) -> dict[str, Any]:
    """A skos:Concept; generic-full checks ``inScheme`` (typed ConceptScheme) on CV properties."""
    node: dict[str, Any] = {"id": iri, "type": "Concept"}
    if scheme is not None:
        node["inScheme"] = {"id": scheme, "type": "ConceptScheme"}
    if label is not None:
        node["prefLabel"] = {"en": label}
    return node


def fixed(pair: tuple[str, str], scheme: str) -> dict[str, Any]:
    return concept(pair[0], scheme, pair[1])


def country_code(alpha2: str) -> str | None:
    """The EU authority code (mostly ISO alpha-3) for an ISO 3166-1 alpha-2 code, or None."""
    code = alpha2.strip().upper()
    return COUNTRIES.get(COUNTRY_ALIASES.get(code, code))


def country(alpha2: str) -> dict[str, Any] | None:
    code = country_code(alpha2)
    return None if code is None else concept(f"{COUNTRY_SCHEME}/{code}", COUNTRY_SCHEME)


def language_code(tag: str) -> str | None:
    """The EU authority code for an ISO 639-1 code or a BCP 47 tag starting with one."""
    primary = tag.strip().replace("_", "-").split("-")[0].lower()
    return LANGUAGES.get(primary)


def language(tag: str) -> dict[str, Any] | None:
    code = language_code(tag)
    return None if code is None else concept(f"{LANGUAGE_SCHEME}/{code}", LANGUAGE_SCHEME)


def eqf(level: str) -> dict[str, Any] | None:
    value = level.strip()
    if value not in {str(n) for n in range(1, 9)}:
        return None
    return concept(f"http://data.europa.eu/snb/eqf/{value}", EQF_SCHEME, f"Level {value}")


def isced_f(code: str) -> dict[str, Any] | None:
    value = code.strip()
    if value not in ISCED_F_CODES:
        return None
    return concept(f"http://data.europa.eu/snb/isced-f/{value}", ISCED_F_SCHEME)


def file_type(code: str) -> dict[str, Any]:
    return concept(f"{FILE_TYPE_SCHEME}/{code}", FILE_TYPE_SCHEME)


def gender(iso5218: int) -> dict[str, Any] | None:
    code = HUMAN_SEX.get(iso5218)
    return None if code is None else concept(f"{HUMAN_SEX_SCHEME}/{code}", HUMAN_SEX_SCHEME)


def opportunity_type(elmo_type: str) -> dict[str, Any] | None:
    found = OPPORTUNITY_TYPES.get(elmo_type)
    return None if found is None else fixed(found, OPPORTUNITY_SCHEME)
