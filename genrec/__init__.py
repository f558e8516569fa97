__version__ = "0.1.0"

def load(path_or_repo_id, **kwargs):
    "A recommender (GenRec or SASRec) from a model folder or a Hugging Face Hub repository id: see `genrec.hub.load`."
    from .hub import load as _load   # imported on first use: `import genrec` stays light
    return _load(path_or_repo_id, **kwargs)
