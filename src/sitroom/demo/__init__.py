"""The bundled demo corpus (see corpus/README.md)."""
