"""Caches for hot look-ups: tables of plain values by string, and a two-generation cache that keeps
what is in use."""

from __future__ import annotations

from functools import update_wrapper
from typing import Callable, TypeVar

Value = TypeVar("Value")


class _Table(dict):
    """Results by argument; a miss computes and stores one, emptying a full table first."""

    __slots__ = ("function", "maxsize")

    def __init__(self, function: Callable[[str], Value], maxsize: int) -> None:
        super().__init__()
        self.function = function
        self.maxsize = maxsize

    def __missing__(self, text: str) -> Value:
        if len(self) >= self.maxsize:
            self.clear()  # the working set refills it
        value = self[text] = self.function(text)
        return value


def plain_memo(maxsize: int) -> Callable[[Callable[[str], Value]], Callable[[str], Value]]:
    """Cache a function of one string whose results are plain values: str, numbers, bool, None,
    or tuples of them (which the garbage collector stops tracking once it has seen them).

    A hit is a single C-level dict lookup, cheaper than an lru_cache's; and with no linked list
    of entries the garbage collector's full collections get through it far faster: with tens of
    thousands of entries in each of several lru_caches, collections took a tenth of the time.
    """
    def decorate(function: Callable[[str], Value]) -> Callable[[str], Value]:
        return _Table(function, maxsize).__getitem__

    return decorate


def plain_memo_by_flag(maxsize: int) -> Callable[[Callable[[str, bool], Value]], Callable[[str, bool], Value]]:
    """Cache a function of one string and a flag, as `plain_memo` does: one table per flag value."""
    def decorate(function: Callable[[str, bool], Value]) -> Callable[[str, bool], Value]:
        when_set = plain_memo(maxsize)(lambda text: function(text, True))
        when_unset = plain_memo(maxsize)(lambda text: function(text, False))

        def cached(text: str, flag: bool) -> Value:
            return when_set(text) if flag else when_unset(text)

        cached = update_wrapper(cached, function)
        cached.for_flag = (when_unset, when_set).__getitem__  # the C-level lookup for one flag value, for loops
        return cached

    return decorate


class Generations:
    """A bounded cache that keeps what is in use: when its table is full, that table becomes the
    previous one and a new one starts; an entry found in the previous table is carried over.
    (Emptying a full cache at once would also drop the entries every document asks for.)"""

    __slots__ = ("table", "previous", "maxsize")

    def __init__(self, maxsize: int) -> None:
        self.table: dict = {}
        self.previous: dict = {}
        self.maxsize = maxsize

    def get(self, key):
        """The cached value, or None."""
        value = self.table.get(key)
        if value is None:
            value = self.previous.get(key)
            if value is not None:
                self.put(key, value)
        return value

    def put(self, key, value) -> None:
        if len(self.table) >= self.maxsize:
            self.previous, self.table = self.table, {}
        self.table[key] = value

    def __len__(self) -> int:
        return len(self.table) + len(self.previous)
