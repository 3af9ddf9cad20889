"""A few protobuf wire-format helpers: enough to change LAC's ONNX graph in memory so that
its GRUs read each sequence's length and the last layer's states are an output."""

from __future__ import annotations

from pipeline.nlp.lac.errors import LacError

STATES_OUTPUT = "p2o.pd_op.rnn.0.0"  # the second GRU layer's output, [chars, batch, 256]
SEQ_LENS = "pipeline_lac_seq_lens"


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | 0x80 if value else byte)
        if not value:
            return bytes(out)


def _read_varint(data: bytes, i: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[i]
        value |= (byte & 0x7F) << shift
        i += 1
        if byte < 0x80:
            return value, i
        shift += 7


def _fields(data: bytes) -> list[tuple[int, int, bytes]]:
    """A message's fields in order: (number, wire type, the raw bytes of the whole field)."""
    fields, i = [], 0
    while i < len(data):
        start = i
        key, i = _read_varint(data, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            _, i = _read_varint(data, i)
        elif wire == 1:
            i += 8
        elif wire == 2:
            length, i = _read_varint(data, i)
            i += length
        elif wire == 5:
            i += 4
        else:
            raise LacError(f"unexpected protobuf wire type {wire} in the LAC graph")
        fields.append((number, wire, data[start:i]))
    return fields


def _payload(field: bytes) -> bytes:
    _, i = _read_varint(field, 0)
    length, i = _read_varint(field, i)
    return field[i : i + length]


def _field(number: int, payload: bytes) -> bytes:
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _varint_field(number: int, value: int) -> bytes:
    return _varint(number << 3) + _varint(value)


def with_sequence_lengths(model: bytes) -> bytes:
    """The ONNX model (ModelProto) with `length` cast to int32 and passed to every GRU node
    as its sequence_lens, and the last GRU layer's states as a second output."""
    graph_fields: list[bytes] = []
    changed = 0
    top = _fields(model)
    graph = next(_payload(raw) for number, _, raw in top if number == 7)
    for number, _, raw in _fields(graph):
        if number == 1:  # NodeProto
            node = _fields(_payload(raw))
            is_gru = any(n == 4 and _payload(r) == b"GRU" for n, _, r in node)
            if is_gru:
                inputs = [i for i, (n, _, _) in enumerate(node) if n == 1]
                if len(inputs) < 5:
                    raise LacError("unexpected GRU node in the LAC graph")
                node = list(node)
                node[inputs[4]] = (1, 2, _field(1, SEQ_LENS.encode()))
                raw = _field(1, b"".join(r for _, _, r in node))
                changed += 1
        graph_fields.append(raw)
    if changed != 2:
        raise LacError(f"expected 2 GRU layers in the LAC graph, found {changed}")
    cast = (
        _field(1, b"length")
        + _field(2, SEQ_LENS.encode())
        + _field(3, b"pipeline_lac_cast")
        + _field(4, b"Cast")
        + _field(5, _field(1, b"to") + _varint_field(3, 6) + _varint_field(20, 2))  # INT32
    )
    states = _field(12, _field(1, STATES_OUTPUT.encode()))
    new_graph = _field(1, cast) + b"".join(graph_fields) + states
    return b"".join(_field(7, new_graph) if n == 7 else raw for n, _, raw in top)
