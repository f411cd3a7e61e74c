"""cxla.Module: parsing, errors with locations, verify, print, serialize."""

import pathlib

import pytest

import cxla

ADD = """module {
  func.func @main(%a: tensor<2xf32>, %b: tensor<2xf32>) -> tensor<2xf32> {
    %0 = stablehlo.add %a, %b : tensor<2xf32>
    return %0 : tensor<2xf32>
  }
}
"""


def test_parse_error_has_location():
    with pytest.raises(cxla.Error) as info:
        cxla.Module("module {\n  func.func @f() {\n    %0 = foo.bar\n")
    e = info.value
    assert e.location is not None and e.location.startswith("<input>:3:")
    assert str(e) == "%s: error: %s" % (e.location, e.message)
    assert e.code == "INVALID_ARGUMENT"


def test_parse_error_names_the_file(tmp_path):
    path = tmp_path / "bad.mlir"
    path.write_text("module {\n  func.func @f( {\n}\n")
    with pytest.raises(cxla.Error, match=r"^.*bad\.mlir:2:\d+: error: "):
        cxla.Module(str(path))
    with pytest.raises(cxla.Error) as info:
        cxla.Module(ADD.replace("%b :", "%c :"), name="model.mlir")
    assert info.value.location.startswith("model.mlir:3:")


def test_verify_error_names_op_and_location():
    text = """func.func @main(%a: tensor<2xf32>) -> tensor<2xi32> {
  %0 = "stablehlo.add"(%a, %a)
      : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi32>
  return %0 : tensor<2xi32>
}"""
    m = cxla.Module(text, name="v.mlir")  # parses, but is not valid
    with pytest.raises(cxla.Error) as info:
        m.verify()
    assert str(info.value).startswith("v.mlir:2:3: error: 'stablehlo.add' op ")
    with pytest.raises(cxla.Error):
        cxla.interpret(m)  # interpret verifies first
    good = cxla.Module(ADD)
    assert good.verify() is good


def test_text_round_trip():
    m = cxla.Module(ADD).verify()
    text = m.text()
    assert "stablehlo.add" in text
    assert cxla.Module(text).text() == text
    assert str(m) == text
    generic = m.text(generic=True)
    assert '"stablehlo.add"' in generic
    assert cxla.Module(generic).text() == text
    assert "loc(" in m.text(locations=True)


def test_sources_path_pathlike_bytes(root):
    path = pathlib.Path(root) / "examples" / "mlp.mlir"
    by_path = cxla.Module(str(path))
    assert by_path.name == str(path)
    assert cxla.Module(path).text() == by_path.text()
    assert cxla.Module(path.read_bytes()).text() == by_path.text()
    assert cxla.Module(bytearray(path.read_bytes())).text() == by_path.text()
    assert cxla.Module(path.read_text()).text() == by_path.text()
    with pytest.raises(FileNotFoundError):
        cxla.Module("no/such/file.mlir")
    with pytest.raises(TypeError):
        cxla.Module(42)


def test_serialize_deserialize_round_trip(root):
    m = cxla.Module(pathlib.Path(root) / "examples" / "mlp.mlir").verify()
    artifact = m.serialize()
    assert artifact.startswith(b"ML\xefR")
    back = cxla.Module(artifact)
    assert back.is_bytecode and not m.is_bytecode
    assert back.verify().text() == m.text()
    # Serializing what was read gives the same bytes.
    assert back.serialize() == artifact
    old = m.serialize(target="1.0.0")
    assert cxla.Module(old).text() == m.text()
    assert cxla.Module(m.serialize(strip_locations=True)).text() == m.text()


def test_serialize_bad_target():
    with pytest.raises(cxla.Error, match="0.0.1|version|target"):
        cxla.Module(ADD).serialize(target="0.0.1")


def test_truncated_bytecode_is_an_error():
    artifact = cxla.Module(ADD).serialize()
    with pytest.raises(cxla.Error):
        cxla.Module(artifact[: len(artifact) // 2])


def test_versions():
    assert cxla.__version__.count(".") == 2
    assert cxla.STABLEHLO_VERSION.count(".") == 2
