"""RegRep 4 rim:Slot and sdg:Agent/Person builders and readers shared by the EDM messages (§2–5)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from lxml import etree

from gateway.core.oots.codes import NSMAP, RIM_NS, SDG_NS, XML_NS, XSI_NS, EdmVersion
from gateway.core.oots.model import Address, Agent, Identifier, NaturalPerson, Text


class MalformedMessage(ValueError):
    """The message breaks an EDM structure rule; ``rule`` names it when there is one."""

    def __init__(self, message: str, rule: str | None = None) -> None:
        super().__init__(message)
        self.rule = rule


def rim(local: str) -> str:
    return f"{{{RIM_NS}}}{local}"


def sdg(local: str) -> str:
    return f"{{{SDG_NS}}}{local}"


XSI_TYPE = f"{{{XSI_NS}}}type"
XML_LANG = f"{{{XML_NS}}}lang"


# --- writing ------------------------------------------------------------------------------


def root_element(tag: str, **attributes: str) -> etree._Element:
    element = etree.Element(tag, nsmap=NSMAP)
    for name, value in attributes.items():
        element.set(name, value)
    return element


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def format_datetime(value: datetime) -> str:
    """xsd:dateTime with an explicit zone (``Z`` for UTC); naive datetimes are refused."""
    if value.tzinfo is None:
        raise ValueError("EDM timestamps must be timezone-aware")
    spec = "milliseconds" if value.microsecond else "seconds"
    text = value.isoformat(timespec=spec)
    return text[:-6] + "Z" if value.utcoffset() == timedelta(0) else text


def slot_value(parent: etree._Element, name: str, value_type: str) -> etree._Element:
    slot = etree.SubElement(parent, rim("Slot"), name=name)
    value = etree.SubElement(slot, rim("SlotValue"))
    value.set(XSI_TYPE, f"rim:{value_type}")
    return value


def string_slot(parent: etree._Element, name: str, value: str) -> None:
    etree.SubElement(slot_value(parent, name, "StringValueType"), rim("Value")).text = value


def datetime_slot(parent: etree._Element, name: str, value: datetime) -> None:
    holder = slot_value(parent, name, "DateTimeValueType")
    etree.SubElement(holder, rim("Value")).text = format_datetime(value)


def boolean_slot(parent: etree._Element, name: str, value: bool) -> None:
    holder = slot_value(parent, name, "BooleanValueType")
    etree.SubElement(holder, rim("Value")).text = "true" if value else "false"


def international_slot(parent: etree._Element, name: str, texts: Sequence[Text]) -> None:
    holder = etree.SubElement(
        slot_value(parent, name, "InternationalStringValueType"), rim("Value")
    )
    for text in texts:
        localized = etree.SubElement(holder, rim("LocalizedString"))
        localized.set(XML_LANG, text.lang or "EN")
        localized.set("value", text.value)


def any_slot(parent: etree._Element, name: str) -> etree._Element:
    """A slot whose ``rim:AnyValueType`` value is the element the caller appends."""
    return slot_value(parent, name, "AnyValueType")


def collection_slot(parent: etree._Element, name: str, collection_type: str) -> etree._Element:
    holder = slot_value(parent, name, "CollectionValueType")
    holder.set("collectionType", collection_type)
    return holder


def collection_element(holder: etree._Element) -> etree._Element:
    element = etree.SubElement(holder, rim("Element"))
    element.set(XSI_TYPE, "rim:AnyValueType")
    return element


def add_text(parent: etree._Element, local: str, value: str | None) -> None:
    if value is not None:
        etree.SubElement(parent, sdg(local)).text = value


def add_texts(parent: etree._Element, local: str, texts: Sequence[Text]) -> None:
    for text in texts:
        element = etree.SubElement(parent, sdg(local))
        element.text = text.value
        element.set("lang", text.lang or "EN")


def add_identifier(parent: etree._Element, local: str, identifier: Identifier) -> None:
    element = etree.SubElement(parent, sdg(local))
    element.text = identifier.value
    if identifier.scheme_id is not None:
        element.set("schemeID", identifier.scheme_id)


def add_address(parent: etree._Element, local: str, address: Address) -> None:
    element = etree.SubElement(parent, sdg(local))
    add_text(element, "FullAddress", address.full_address)
    add_text(element, "LocatorDesignator", address.locator_designator)
    add_text(element, "PostCode", address.post_code)
    add_text(element, "PostCityName", address.post_city_name)
    add_text(element, "Thoroughfare", address.thoroughfare)
    add_text(element, "AdminUnitLevel1", address.admin_unit_level1)
    add_text(element, "AdminUnitLevel2", address.admin_unit_level2)


def add_agent(
    parent: etree._Element,
    agent: Agent,
    *,
    local: str = "Agent",
    minimal: bool = False,
    classification: str | None = None,
) -> None:
    """``sdg:Agent`` (or another AgentType element); ``classification`` overrides the agent's.

    ``minimal`` writes Identifier and Name only, as the rules want for echoed agents.
    """
    element = etree.SubElement(parent, sdg(local))
    add_identifier(element, "Identifier", agent.identifier)
    add_texts(element, "Name", agent.names)
    if minimal:
        return
    if agent.address is not None:
        add_address(element, "Address", agent.address)
    add_text(element, "Classification", classification or agent.classification)


def add_person(
    parent: etree._Element, person: NaturalPerson, version: EdmVersion, *, local: str = "Person"
) -> None:
    """The full ``sdg:Person`` of a request; 1.1+ eIDAS attributes only for 1.1+ messages."""
    if version is EdmVersion.V1_0 and person.has_v1_1_attributes:
        raise ValueError("oots-edm:v1.0 has no Nationality … EmailAddress person attributes")
    element = etree.SubElement(parent, sdg(local))
    add_text(element, "LevelOfAssurance", person.level_of_assurance)
    add_mds(element, person)
    add_text(element, "BirthName", person.birth_name)
    add_text(element, "PlaceOfBirth", person.place_of_birth)
    if person.current_address is not None:
        add_address(element, "CurrentAddress", person.current_address)
    add_text(element, "Gender", person.gender)
    add_text(element, "Nationality", person.nationality)
    add_text(element, "CountryOfBirth", person.country_of_birth)
    add_text(element, "TownOfBirth", person.town_of_birth)
    add_text(element, "CountryOfResidence", person.country_of_residence)
    add_text(element, "PhoneNumber", person.phone_number)
    add_text(element, "EmailAddress", person.email_address)


def add_mds(element: etree._Element, person: NaturalPerson) -> None:
    """Identifier and the mandatory eIDAS attributes, in the XSD's order."""
    if person.identifier is not None:
        add_identifier(element, "Identifier", person.identifier)
    add_text(element, "FamilyName", person.family_name)
    add_text(element, "GivenName", person.given_name)
    add_text(element, "DateOfBirth", person.date_of_birth.isoformat())


# --- reading ------------------------------------------------------------------------------


def children(element: etree._Element, tag: str | None = None) -> Iterator[etree._Element]:
    """Child elements (comments and processing instructions skipped), optionally by tag."""
    for child in element:
        if isinstance(child.tag, str) and (tag is None or child.tag == tag):
            yield child


def child(element: etree._Element, tag: str) -> etree._Element | None:
    return next(children(element, tag), None)


def text_of(element: etree._Element | None) -> str | None:
    """Stripped text, or None when absent or blank (values arrive indented in the examples)."""
    if element is None or element.text is None:
        return None
    return element.text.strip() or None


def child_text(element: etree._Element, local: str) -> str | None:
    return text_of(child(element, sdg(local)))


def slots_by_name(element: etree._Element, rule: str) -> dict[str, etree._Element]:
    """The ``rim:Slot`` children by name (RegRep processes slots by name, not order)."""
    found: dict[str, etree._Element] = {}
    for slot in children(element, rim("Slot")):
        name = (slot.get("name") or "").strip()
        if name in found:
            raise MalformedMessage(f"slot {name} appears more than once", rule)
        found[name] = slot
    return found


def value_of(slot: etree._Element, expected_type: str) -> etree._Element:
    """The slot's ``rim:SlotValue``, checked to be of ``rim:<expected_type>``."""
    name = slot.get("name")
    holder = child(slot, rim("SlotValue"))
    if holder is None:
        raise MalformedMessage(f"slot {name} has no SlotValue")
    declared = holder.get(XSI_TYPE) or ""
    prefix, _, local = declared.rpartition(":")
    if local != expected_type or holder.nsmap.get(prefix or None) != RIM_NS:
        raise MalformedMessage(f"slot {name} must be of rim:{expected_type}")
    return holder


def read_value(slot: etree._Element, expected_type: str) -> str:
    value = text_of(child(value_of(slot, expected_type), rim("Value")))
    if value is None:
        raise MalformedMessage(f"slot {slot.get('name')} has an empty value")
    return value


def read_boolean(slot: etree._Element) -> bool:
    value = read_value(slot, "BooleanValueType")
    if value in ("true", "1"):
        return True
    if value in ("false", "0"):
        return False
    raise MalformedMessage(f"slot {slot.get('name')} is not an xsd:boolean")


def read_datetime(slot: etree._Element) -> datetime:
    value = read_value(slot, "DateTimeValueType")
    try:
        return datetime.fromisoformat(value)
    except ValueError:
        raise MalformedMessage(f"slot {slot.get('name')} is not an xsd:dateTime") from None


def read_localized(slot: etree._Element) -> tuple[Text, ...]:
    """``rim:InternationalStringValueType`` (``xsi:lang``, a slip of some examples, accepted)."""
    value = child(value_of(slot, "InternationalStringValueType"), rim("Value"))
    texts = []
    for localized in children(value, rim("LocalizedString")) if value is not None else ():
        lang = localized.get(XML_LANG) or localized.get(f"{{{XSI_NS}}}lang")
        texts.append(Text((localized.get("value") or "").strip(), lang))
    return tuple(texts)


def read_any(slot: etree._Element, tag: str) -> etree._Element:
    found = child(value_of(slot, "AnyValueType"), tag)
    if found is None:
        raise MalformedMessage(f"slot {slot.get('name')} must hold an {tag.split('}')[1]}")
    return found


def read_collection(slot: etree._Element, tag: str) -> list[etree._Element]:
    """The ``tag`` elements inside a ``rim:CollectionValueType`` slot's ``rim:Element``s."""
    holder = value_of(slot, "CollectionValueType")
    return [
        found for element in children(holder, rim("Element")) for found in children(element, tag)
    ]


def read_texts(element: etree._Element, local: str) -> tuple[Text, ...]:
    return tuple(
        Text(value, found.get("lang"))
        for found in children(element, sdg(local))
        if (value := text_of(found)) is not None
    )


def read_identifier(element: etree._Element | None) -> Identifier | None:
    value = text_of(element)
    if element is None or value is None:
        return None
    return Identifier(value, (element.get("schemeID") or "").strip() or None)


def read_address(element: etree._Element | None) -> Address | None:
    if element is None:
        return None
    return Address(
        admin_unit_level1=child_text(element, "AdminUnitLevel1"),
        full_address=child_text(element, "FullAddress"),
        locator_designator=child_text(element, "LocatorDesignator"),
        post_code=child_text(element, "PostCode"),
        post_city_name=child_text(element, "PostCityName"),
        thoroughfare=child_text(element, "Thoroughfare"),
        admin_unit_level2=child_text(element, "AdminUnitLevel2"),
    )


def read_agent(element: etree._Element) -> Agent:
    identifier = read_identifier(child(element, sdg("Identifier")))
    if identifier is None:
        raise MalformedMessage("an Agent has no Identifier")
    return Agent(
        identifier=identifier,
        names=read_texts(element, "Name"),
        address=read_address(child(element, sdg("Address"))),
        classification=child_text(element, "Classification"),
    )


def read_person(element: etree._Element) -> NaturalPerson:
    family, given = child_text(element, "FamilyName"), child_text(element, "GivenName")
    born = child_text(element, "DateOfBirth")
    if family is None or given is None or born is None:
        raise MalformedMessage("the Person lacks FamilyName, GivenName or DateOfBirth")
    try:
        date_of_birth = date.fromisoformat(born)
    except ValueError:
        raise MalformedMessage("the Person's DateOfBirth is not an xsd:date") from None
    return NaturalPerson(
        family_name=family,
        given_name=given,
        date_of_birth=date_of_birth,
        identifier=read_identifier(child(element, sdg("Identifier"))),
        level_of_assurance=child_text(element, "LevelOfAssurance"),
        birth_name=child_text(element, "BirthName"),
        place_of_birth=child_text(element, "PlaceOfBirth"),
        current_address=read_address(child(element, sdg("CurrentAddress"))),
        gender=child_text(element, "Gender"),
        nationality=child_text(element, "Nationality"),
        country_of_birth=child_text(element, "CountryOfBirth"),
        town_of_birth=child_text(element, "TownOfBirth"),
        country_of_residence=child_text(element, "CountryOfResidence"),
        phone_number=child_text(element, "PhoneNumber"),
        email_address=child_text(element, "EmailAddress"),
    )
