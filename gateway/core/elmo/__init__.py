"""ELMO 1.7: model, build, parse, schema validation, XML-DSig signature and transport packing."""
