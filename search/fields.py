"""Haystack field classes that tell our backend which Whoosh field to build."""

from __future__ import annotations

from haystack import indexes


class SyllableField(indexes.CharField):
    """Text indexed as syllables with positions, exact and folded."""

    field_type = "vi_syllable"


class BigramField(indexes.CharField):
    """Text indexed as adjacent syllable pairs, for fast phrase matching."""

    field_type = "vi_bigram"


class CompoundField(indexes.CharField):
    """Text already segmented by pyvi, indexed as compound words for ranking."""

    field_type = "vi_compound"


class ExactField(indexes.CharField):
    """One untokenised value (a year, a source id) for filters and facets."""

    field_type = "vi_exact"


class ExactMultiField(indexes.MultiValueField):
    """Several untokenised values (officials, document codes)."""

    field_type = "vi_exact"


class SortKeyField(indexes.IntegerField):
    """An integer stored as a Whoosh column for sorting without a scan."""

    field_type = "vi_sortkey"
