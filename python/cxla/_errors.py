"""The exception type of the package."""


class Error(Exception):
    """An error reported by cxla.

    ``str(error)`` is the MLIR-style diagnostic that the ``cxla`` tool prints,
    ``"model.mlir:12:8: error: 'stablehlo.add' op ..."`` (without a location
    when there is none).

    Attributes:
        message: the text of the error, without the location.
        location: ``"file:line:col"`` in the program, or None.
        code: the status code name, e.g. ``"INVALID_ARGUMENT"``,
            ``"UNIMPLEMENTED"``, ``"NOT_FOUND"``, ``"FAILED_PRECONDITION"``
            (a failed check op), ``"OUT_OF_RANGE"`` (evaluation budget),
            ``"CANCELLED"`` (a call's timeout).
    """

    def __init__(self, message, location=None, code="INVALID_ARGUMENT"):
        self.message = message
        self.location = location
        self.code = code
        if location:
            text = "%s: error: %s" % (location, message)
        else:
            text = "error: %s" % message
        super().__init__(text)
