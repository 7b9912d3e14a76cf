__version__ = "0.1.0"


def load_dataset(outdir):
    """OUTDIR's CSVs as typed pandas DataFrames, one per table (see schemas/load.py)."""
    from schemas.load import load_dataset as load
    return load(outdir)
