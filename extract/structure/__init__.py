"""The structure layer, between the IR (extract/ir.py) and the parsers.

What a plan's layout looks like lives here, once:
    vocabulary.toml / vocabulary.py   every role's printed forms, and what each role means in
                                      each context (card, review, procedure, kpi, budget, action,
                                      roadmap), plus table recipes
    matcher.py                        the one label matcher (spaces, emphasis, brackets, colons,
                                      glued values and numbers)
    patterns.py                       numbering, page numbers, captions, fiscal-year labels
    header.py                         the table header model parsers query for column roles
Parsers take roles and patterns from here only.
"""
