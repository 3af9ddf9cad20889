"""Word segmentation of normalized (Simplified, width-folded) text with jieba, plus rules.

jieba's dictionary is Simplified, so it segments `text_norm`; because `text_norm` has the
length of `text`, the word offsets are offsets into the original text too. jieba's cuts are
then corrected by data-driven rules (models/segmentation/rules.json): numbers, percentages
and months stay one word, a date unit is cut from what follows it (8日至 → 8/日/至), a
numeral and its measure word are two words, and a coordination of state abbreviations
(中俄蒙) is cut into its members so that each can be an entity of its own.

Each `Segmenter` owns its `jieba.Tokenizer`: no global jieba state, so segmenters with
different dictionaries can live in one process.

The package: `fast_jieba` (jieba's best route, found faster), `segmenter` (the rules and
the `Segmenter`).
"""

from pipeline.nlp.segmentation.fast_jieba import FastJieba
from pipeline.nlp.segmentation.segmenter import RULES_PATH, SegmentationRules, Segmenter, Word

__all__ = ["RULES_PATH", "FastJieba", "SegmentationRules", "Segmenter", "Word"]
