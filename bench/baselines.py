"""Popularity and max-id probe on Beauty, Sports and Yelp under every item numbering (or those of `--numberings`).

Writes one results file per (model, dataset, numbering) to results/ and prints a JSON summary.
Run from the repository root: `python bench/baselines.py` (takes about a minute on two cores).
"""
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.baselines import baseline_results
from genrec.data import ITEM_NUMBERINGS
from genrec.files import print_json
from genrec.metrics import write_result

@call_parse
def main(datasets:str='beauty sports yelp', # space-separated dataset names
         numberings:str=' '.join(ITEM_NUMBERINGS), # space-separated item numberings
         out:str='results'): # folder for the results files
    "Score the non-learning baselines and write their results files."
    summary = {}
    for d in datasets.split():
        for n in numberings.split():
            for model, r in baseline_results(d, n).items():
                summary[str(write_result(r, out))] = round(r['metrics']['test']['NDCG@10'], 4)
    print_json(summary)
