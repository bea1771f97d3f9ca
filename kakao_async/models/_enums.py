"""Enumerations that tolerate values Kakao adds later.

Kakao grows its enums without notice. A closed ``Enum`` would turn a new value into a decode
failure for a whole creative, so every enum here is *open*: an unknown string becomes a
pseudo-member that keeps its text, compares equal to it, and is simply not one of the known
members. Members compare equal to their strings (``Config.ON == "ON"``).
"""

from __future__ import annotations

import enum
from typing import Any

__all__ = ["Config", "CreativeStatus", "OpenEnum", "ReviewStatus", "SystemConfig"]


class OpenEnum(str, enum.Enum):
    """A ``str`` enum that accepts unknown values instead of raising."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        if not isinstance(value, str):
            return None
        # A pseudo-member: an instance of the enum that is not registered on the class,
        # so ``value in cls.__members__`` stays honest about what is known.
        member = str.__new__(cls, value)
        member._name_ = value
        member._value_ = value
        return member

    def __str__(self) -> str:
        return str(self.value)

    @property
    def is_known(self) -> bool:
        """Whether this value is one kakao_async knows (not a value Kakao added later)."""
        return self._name_ in type(self).__members__


class Config(OpenEnum):
    """A creative's user-set status."""

    ON = "ON"
    OFF = "OFF"
    #: Deleted (Moment creatives are "deleted" by giving up operation; the data stays).
    DEL = "DEL"


class SystemConfig(OpenEnum):
    """A system status: ``ADMIN_STOP`` when Kakao's reviewers suspended it."""

    ON = "ON"
    ADMIN_STOP = "ADMIN_STOP"
    #: Campaigns and ad groups: the linked service is restricted.
    EXTERNAL_SERVICE_STOP = "EXTERNAL_SERVICE_STOP"
    #: Listed for creatives in an older version of Kakao's creative list table.
    VOID = "VOID"


class ReviewStatus(OpenEnum):
    """Review status of a Moment display creative."""

    APPROVED = "APPROVED"
    WAITING = "WAITING"
    REJECTED = "REJECTED"
    MODIFICATION_WAITING = "MODIFICATION_WAITING"
    MODIFICATION_REJECTED = "MODIFICATION_REJECTED"


class CreativeStatus(OpenEnum):
    """Operation status of a Moment creative."""

    OPERATING = "OPERATING"
    UNAPPROVED = "UNAPPROVED"
    INVALID_DATE = "INVALID_DATE"
    MONITORING_REJECTED = "MONITORING_REJECTED"
    OFF = "OFF"
    DELETED = "DELETED"
    ADGROUP_UNAVAILABLE = "ADGROUP_UNAVAILABLE"
    SYSTEM_CONFIG_ADMIN_STOP = "SYSTEM_CONFIG_ADMIN_STOP"
