"""The phrase finder of the text-against-tables check finds what the regex finds.

``PhraseFinder`` replaces compiling one regex per report (milliseconds each); the
regex (:func:`phrase_pattern` with :func:`found_phrases`) stays as the reference.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from binhdanggioi import _text_figures as tf
from strategies import examples

# Few words, so that phrases overlap, share beginnings and fall inside numbers.
_WORDS = ["hội", "nghị", "tờ", "rơi", "lần", "1", "10", "450", "2", "%", "10.450", "1,5"]
_text = st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join)
_phrases = st.lists(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=3).map(" ".join))


def _by_regex(phrases: list[str], text: str) -> list[str]:
    return list(tf.found_phrases(tf.phrase_pattern(phrases), tf.words(text)))


@examples(300)
@given(_phrases, _text)
def test_the_finder_agrees_with_the_regex(phrases: list[str], text: str) -> None:
    finder = tf.PhraseFinder(phrases)
    assert list(finder.find(tf.words(text))) == _by_regex(phrases, text)


def test_longest_phrase_first_and_no_overlap() -> None:
    finder = tf.PhraseFinder(["hội nghị", "hội nghị tuyên truyền", "nghị tuyên"])
    tokens = tf.words("Tổ chức hội nghị tuyên truyền; hội nghị khác")
    assert list(finder.find(tokens)) == ["hội nghị tuyên truyền", "hội nghị"]


def test_a_phrase_inside_a_number_is_found_as_the_regex_finds_it() -> None:
    phrases = ["450 người", "tờ rơi"]
    text = "Phát 10.450 người, 20 tờ rơi"
    assert list(tf.PhraseFinder(phrases).find(tf.words(text))) == ["450 người", "tờ rơi"]
    assert _by_regex(phrases, text) == ["450 người", "tờ rơi"]


def test_no_phrases_finds_nothing() -> None:
    assert list(tf.PhraseFinder(["", ""]).find(tf.words("hội nghị 10.450"))) == []


@examples(300)
@given(_phrases, _phrases, _text)
def test_a_finder_extended_finds_what_one_built_whole_finds(
    base: list[str], more: list[str], text: str
) -> None:
    finder = tf.PhraseFinder(base)
    before = list(finder.find(tf.words(text)))
    extended = finder.extended(more)
    tokens = tf.words(text)
    assert list(extended.find(tokens)) == list(tf.PhraseFinder([*base, *more]).find(tokens))
    assert list(finder.find(tf.words(text))) == before  # the base finder is unchanged
