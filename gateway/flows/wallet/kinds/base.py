"""What a credential kind is (OpenID4VCI 1.0 §3.3, §12.2.4): one configuration and its datasets.

A kind owns one credential configuration and everything that depends on what the credential is
about: which items the learner can choose on **Digital wallet** (and which not, and why), the
datasets an offer stores for a choice, the credential signed for one dataset, what it
discloses (the learner's transfers log) and how it is shown before it is added. The protocol
flows (offer, token, credential, notification) only ever talk to kinds through this class;
``flows/wallet/kinds/__init__.py`` is the registry.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from gateway.core.elm.microcredential import MicroCredentialReport
from gateway.core.oid4vci.issuance import Issuance
from gateway.core.oid4vci.metadata import CredentialConfiguration
from gateway.core.sessions import DisclosedItem
from gateway.flows.credential_status.issuance import CarriedIds, carried_ids
from gateway.flows.services import Services
from gateway.storage.wallet import DatasetDocument

if TYPE_CHECKING:  # the issuer holds the registry: import for types only
    from gateway.flows.wallet.issuer import WalletIssuer

Chosen = Mapping[str, Sequence[str]]
"""The ticked form fields of the wallet page: field name → values (each kind reads its own)."""


@dataclass(frozen=True)
class Text:
    """Learner-facing words: a key of gateway/web/texts, or the words in Swedish and English."""

    key: str | None = None
    sv: str = ""
    en: str = ""

    @classmethod
    def of(cls, key: str) -> Text:
        return cls(key=key)

    @classmethod
    def plain(cls, value: str) -> Text:
        """The same words in every language (names, codes, numbers)."""
        return cls(sv=value, en=value)

    @classmethod
    def pair(cls, sv: str, en: str) -> Text:
        return cls(sv=sv, en=en)


Phrase = tuple[Text, ...]
"""Words shown side by side, e.g. ``(Text.of("wallet.grade"), Text.plain("VG"))``."""


@dataclass(frozen=True)
class Choice:
    """One item the learner can tick, or, with ``unavailable``, sees but cannot tick."""

    field: str
    """The form field name (one of the kind's ``fields``)."""
    value: str
    label: Text
    details: tuple[Phrase, ...] = ()
    """Shown small after the label, joined by " · "."""
    checked: bool = False
    """Ticked when the page opens (and chosen by `gateway wallet offer` without a selection)."""
    unavailable: Text | None = None
    """Why this item cannot be added (then it is shown without a tickable box)."""
    children: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class ChoiceGroup:
    """Items under one heading (a fieldset): e.g. the results at one institution."""

    legend: Text | None
    """None: the section's title is the (visually hidden) legend."""
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class ChoiceSection:
    """One part of "what can be added" on the Digital wallet page (an h2 with its groups)."""

    key: str
    """Unique on the page (HTML id ``add-<key>``)."""
    title: Text
    help: Text | None
    empty: Text
    """Shown when there is nothing in ``groups``."""
    groups: tuple[ChoiceGroup, ...]


@dataclass(frozen=True)
class LearnerRef:
    """The logged-in learner (or the one named on the command line)."""

    id: int
    national_id: str = field(repr=False)


@dataclass(frozen=True)
class NewDataset:
    """A dataset a kind makes for an offer: stored, then issued when the wallet asks for it."""

    title: str
    """Shown to the learner (on the offer page and in Earlier offers)."""
    subject: Mapping[str, Any]
    """Small JSON saying what it is about (which report, result, course, degree)."""
    document: bytes | None = field(default=None, repr=False)
    """The signed ELMO made for this dataset, when it has one."""
    import_id: int | None = None
    """Or the EMREX client import whose signed ELMO it is made from."""
    report: MicroCredentialReport | None = None
    """The EU micro-credential report (Annex I) shown before adding, when the kind has one."""


@dataclass(frozen=True)
class OfferContext:
    """Fixed while one offer is made: its id, time and where its datasets start."""

    offer_id: str
    now: datetime
    first_position: int
    """The position (and credential identifier number) of the kind's first dataset."""


@dataclass(frozen=True)
class KindCredential:
    """A credential signed by a kind, as the credential response carries it."""

    credential: str = field(repr=False)
    disclosed: tuple[DisclosedItem, ...]
    """What the learner's "My transfers" lists for it."""


class CredentialKind(ABC):
    """Subclass per kind; register an instance in ``flows/wallet/kinds/__init__.py``."""

    configuration: ClassVar[CredentialConfiguration]
    identifier_prefix: ClassVar[str]
    """Credential identifiers of its datasets are ``<prefix>-<position>`` (token response)."""
    fields: ClassVar[tuple[str, ...]]
    """The form fields its choices use; no two kinds share a field."""

    @property
    def configuration_id(self) -> str:
        return self.configuration.id

    @abstractmethod
    async def sections(self, services: Services, learner: LearnerRef) -> tuple[ChoiceSection, ...]:
        """What the learner can choose on the wallet page (and what not, with the reason)."""

    @abstractmethod
    async def datasets(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        chosen: Chosen,
        offer: OfferContext,
    ) -> tuple[NewDataset, ...]:
        """The datasets for what was ticked in this kind's ``fields`` (none when nothing was).

        Anything chosen that the learner cannot have is an ``InvalidInput`` naming it.
        """

    @abstractmethod
    async def issue(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        dataset: DatasetDocument,
        issuance: Issuance,
    ) -> KindCredential:
        """Build and sign the credential of ``dataset`` (an SD-JWT VC: ``issuance.sd_jwt_vc``)
        for ``learner``, whose offer it is."""

    subject_fields: ClassVar[tuple[tuple[str, str], ...]] = ()
    """(dataset subject key, the form field whose value it is) pairs: what offers a revoked
    credential's dataset again ("get a fresh one" on My transfers)."""

    def chosen_again(self, dataset: DatasetDocument) -> dict[str, list[str]]:
        """The ticks that offer ``dataset``'s credential again, with today's data."""
        chosen: dict[str, list[str]] = {}
        for key, form_field in self.subject_fields:
            value = dataset.subject.get(key)
            values = value if isinstance(value, list) else [] if value is None else [value]
            if values:
                chosen.setdefault(form_field, []).extend(str(v) for v in values)
        return chosen

    def carries(self, dataset: DatasetDocument) -> CarriedIds:
        """The results and degrees the credential of ``dataset`` carries: an import that
        changes one of them revokes it (issue #15). Default: the ids its subject names under
        ``result``, ``results`` and ``degree``; a kind whose subject says it otherwise overrides."""
        return carried_ids(dataset.subject)

    async def report(
        self,
        services: Services,
        wallet: WalletIssuer,
        learner: LearnerRef,
        dataset: DatasetDocument,
    ) -> MicroCredentialReport | None:
        """The Annex I report of a stored dataset (for ``report.json``); None when it has none."""
        return None
