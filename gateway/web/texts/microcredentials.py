"""UI texts of the micro-credentials on Digital wallet (sv, en): the elements and the gaps."""

from __future__ import annotations

from gateway.web.texts.common import Texts

TEXTS: Texts = {
    "micro.title": {
        "sv": "Mikromeriter: ett intyg per kurs",
        "en": "Micro-credentials: one credential per course",
    },
    "micro.help": {
        "sv": "En EU-mikromerit beskriver en avslutad kurs med alla elva uppgifter som EU:s "
        "rekommendation kräver: bland annat läranderesultat, typ av bedömning, form av "
        "deltagande och lärosätets kvalitetssäkring. Varje uppgift kan visas för sig, så du "
        "kan visa en arbetsgivare kursen, resultaten och poängen utan ditt personnummer. Bara "
        "kurser med alla uppgifter kan väljas; för de andra står det vad som saknas. Varje vald "
        "kurs erbjuds i två format, Europass (ELM) och en platt mikromerit där varje uppgift "
        "kan visas för sig; plånboken hämtar de format den kan ta emot.",
        "en": "An EU micro-credential describes a finished course with all eleven elements the "
        "EU recommendation asks for: among them the learning outcomes, the type of assessment, "
        "the form of participation and the institution's quality assurance. Each element can "
        "be shown on its own, so you can show an employer the course, the outcomes and the "
        "credits without your national identity number. Only courses with every element can be "
        "chosen; the others say what is missing. Each course you choose is offered in two "
        "formats, Europass (ELM) and a flat micro-credential whose every element can be shown "
        "on its own; your wallet fetches the formats it can hold.",
    },
    "micro.none": {
        "sv": "Du har inga avslutade kurser här.",
        "en": "You have no finished courses here.",
    },
    "micro.complete": {
        "sv": "Alla elva uppgifter finns",
        "en": "All eleven elements are there",
    },
    "micro.missing": {"sv": "Saknas:", "en": "Missing:"},
    "micro.incomplete": {
        "sv": "alla elva uppgifter som en EU-mikromerit kräver finns inte",
        "en": "not all eleven elements of an EU micro-credential are on record",
    },
    # The Annex I elements (Council Recommendation 2022/C 243/02).
    "micro.element.1": {
        "sv": "Identifiering av den lärande",
        "en": "Identification of the learner",
    },
    "micro.element.2": {"sv": "Mikromeritens titel", "en": "Title of the micro-credential"},
    "micro.element.3": {"sv": "Utfärdarens land", "en": "Country of the issuer"},
    "micro.element.4": {"sv": "Tilldelande organ", "en": "Awarding body"},
    "micro.element.5": {"sv": "Utfärdandedatum", "en": "Date of issuing"},
    "micro.element.6": {"sv": "Läranderesultat", "en": "Learning outcomes"},
    "micro.element.7": {
        "sv": "Beräknad arbetsbörda (högskolepoäng)",
        "en": "Notional workload (ECTS credits)",
    },
    "micro.element.8": {"sv": "Nivå (EQF)", "en": "Level (EQF)"},
    "micro.element.9": {"sv": "Typ av bedömning", "en": "Type of assessment"},
    "micro.element.10": {"sv": "Form av deltagande", "en": "Form of participation"},
    "micro.element.11": {"sv": "Typ av kvalitetssäkring", "en": "Type of quality assurance"},
    # Why an element is missing (core.microcredentials.GapReason).
    "micro.gap.not-in-store": {
        "sv": "(lärosätet finns inte i den här tjänstens register, och EMREX-underlaget innehåller "
        "inga läranderesultat, bedömningsformer, deltagandeformer eller kvalitetssäkring)",
        "en": "(the institution is not in this service's records, and EMREX results carry no "
        "learning outcomes, assessment, participation or quality assurance)",
    },
    "micro.gap.no-syllabus": {
        "sv": "(ingen egen kursplan finns registrerad)",
        "en": "(no syllabus of its own is on record)",
    },
    "micro.gap.no-outcomes": {
        "sv": "(kursplanen anger inga läranderesultat)",
        "en": "(the syllabus states no learning outcomes)",
    },
    "micro.gap.no-assessment": {
        "sv": "(kursplanen anger ingen bedömningsform)",
        "en": "(the syllabus states no form of assessment)",
    },
    "micro.gap.no-grade": {
        "sv": "(resultatet har inget betyg)",
        "en": "(the result has no grade)",
    },
    "micro.gap.no-participation": {
        "sv": "(kurstillfället anger ingen undervisningsform: campus, distans)",
        "en": "(the course offering states no form of teaching: campus, distance)",
    },
    "micro.gap.no-quality-assurance": {
        "sv": "(lärosätets kvalitetssäkring finns inte registrerad)",
        "en": "(the institution's quality assurance is not on record)",
    },
    "micro.gap.no-credits": {
        "sv": "(varken högskolepoäng eller timmar anges)",
        "en": "(neither credits nor hours are stated)",
    },
    "micro.gap.no-level": {
        "sv": "(ingen nivå anges: grundnivå, avancerad nivå, forskarnivå)",
        "en": "(no level is stated: first, second or third cycle)",
    },
    "micro.gap.no-country": {
        "sv": "(lärosätets land är okänt)",
        "en": "(the institution's country is unknown)",
    },
    "micro.gap.no-title": {"sv": "(kursen saknar titel)", "en": "(the course has no title)"},
    "micro.gap.no-awarding-body": {
        "sv": "(lärosätet saknar namn)",
        "en": "(the institution has no name)",
    },
    "micro.gap.no-learner-id": {
        "sv": "(namn, födelsedatum eller identitet saknas)",
        "en": "(name, birth date or identity is missing)",
    },
}
