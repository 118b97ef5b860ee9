"""The registry's checks and look-ups: configuration ids, identifier prefixes and form fields."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any, Final

from gateway.core.oid4vci.metadata import CredentialConfiguration, type_metadata_by_vct
from gateway.errors import ConfigError
from gateway.flows.wallet.kinds.base import CredentialKind

PREFIX: Final = re.compile(r"[a-z][a-z0-9]{0,15}")
"""A credential identifier is ``<prefix>-<position>``: the prefix has no ``-``."""


class KindRegistry:
    """The credential kinds one wallet issuer offers, in the order their sections are shown."""

    def __init__(self, kinds: Sequence[CredentialKind]) -> None:
        if not kinds:
            raise ConfigError("the wallet issuer needs at least one credential kind")
        self.kinds: tuple[CredentialKind, ...] = tuple(kinds)
        self._by_configuration = {k.configuration.id: k for k in self.kinds}
        prefixes = [k.identifier_prefix for k in self.kinds]
        fields = [f for k in self.kinds for f in k.fields]
        if len(self._by_configuration) != len(self.kinds):
            raise ConfigError("two credential kinds share a credential configuration id")
        if len(set(prefixes)) != len(prefixes) or not all(PREFIX.fullmatch(p) for p in prefixes):
            raise ConfigError(f"credential identifier prefixes must be unique [a-z0-9]: {prefixes}")
        if len(set(fields)) != len(fields):
            raise ConfigError(f"two credential kinds share a form field: {fields}")
        self.type_metadata: dict[str, dict[str, Any]] = type_metadata_by_vct(self.configurations)

    def __iter__(self) -> Iterator[CredentialKind]:
        return iter(self.kinds)

    @property
    def configurations(self) -> tuple[CredentialConfiguration, ...]:
        return tuple(k.configuration for k in self.kinds)

    @property
    def fields(self) -> tuple[str, ...]:
        """Every form field of the wallet page's choices."""
        return tuple(f for k in self.kinds for f in k.fields)

    @property
    def configuration_ids(self) -> frozenset[str]:
        return frozenset(self._by_configuration)

    def kind_of(self, configuration_id: str) -> CredentialKind | None:
        """The kind issuing ``configuration_id`` (None: no longer offered by this gateway)."""
        return self._by_configuration.get(configuration_id)

    def identifier(self, configuration_id: str, position: int) -> str:
        """The ``credential_identifier`` of the dataset at ``position`` (§6.2)."""
        kind = self.kind_of(configuration_id)
        prefix = kind.identifier_prefix if kind is not None else "gone"
        return f"{prefix}-{position}"
