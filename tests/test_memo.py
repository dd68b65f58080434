from ocrfix.memo import Generations, plain_memo, plain_memo_by_flag


def test_each_argument_is_computed_once():
    calls = []

    @plain_memo(maxsize=10)
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [shout("a"), shout("b"), shout("a")] == ["A", "B", "A"]
    assert calls == ["a", "b"]


def test_a_full_table_is_emptied_and_refilled():
    calls = []

    @plain_memo(maxsize=2)
    def length(text: str) -> int:
        calls.append(text)
        return len(text)

    for text in ("a", "bb", "ccc", "a"):
        length(text)
    # "ccc" found the table full and emptied it, so "a" is computed again
    assert calls == ["a", "bb", "ccc", "a"]
    assert length("ccc") == 3 and calls[-1] == "a"


def test_each_flag_value_has_a_table_of_its_own():
    calls = []

    @plain_memo_by_flag(maxsize=10)
    def shout(text: str, loud: bool) -> str:
        calls.append((text, loud))
        return text.upper() if loud else text

    assert [shout("a", True), shout("a", False), shout("a", True)] == ["A", "a", "A"]
    assert calls == [("a", True), ("a", False)]
    assert shout.__name__ == "shout"
    # one flag value's table, looked up directly: the same cached results
    assert [shout.for_flag(True)("a"), shout.for_flag(False)("b")] == ["A", "b"]
    assert calls == [("a", True), ("a", False), ("b", False)]


def test_generations_keep_what_is_in_use_and_stay_bounded():
    cache = Generations(maxsize=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)  # the full table becomes the previous one
    assert cache.get("a") == 1  # found there, and carried over into the new table
    cache.put("d", 4)  # full again: the table holding c and a becomes the previous one
    assert cache.get("b") is None  # two generations back: gone
    assert cache.get("a") == 1 and cache.get("c") == 3 and cache.get("d") == 4
    assert len(cache) <= 2 * 2
