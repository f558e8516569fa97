"""Train and evaluate GenRec on one dataset and numbering; write its canonical results file.

The model folder goes to `runs/` (not committed): an interrupted run started again with the same command
resumes from its last complete epoch. Test metrics are read at the best-validation epoch.

    python bench/train.py --dataset beauty-mini --profile small --item-ids random --pretrain-epochs 2 --epochs 10
"""
from pathlib import Path
from fastcore.script import call_parse
from genrec.cli import train_and_evaluate
from genrec.data import print_json
from genrec.metrics import write_result, result_path

@call_parse
def main(dataset:str='beauty-mini', profile:str='small', item_ids:str='sequential', # what to train
         pretrain_epochs:int=2, epochs:int=10, seed:int=0, # how long; training seed
         eval_users:int=None, valid_users:int=1000, # users scored at the end and after each epoch
         lr:float=None, bs:int=None, last_n:int=None, # training overrides
         runs:str='runs', out:str='results'): # model folders; results folder
    "Train GenRec, evaluate it at its best validation epoch, and write the results file."
    key = dict(model='genrec', profile=profile, dataset=dataset, item_ids=item_ids, pretrain=pretrain_epochs > 0)
    folder = Path(runs)/result_path(key, '.').stem
    r = train_and_evaluate(dataset, profile, item_ids, pretrain_epochs, epochs, seed, folder, eval_users,
                           valid_users=valid_users, lr=lr, bs=bs, last_n=last_n)
    print_json({'file': str(write_result(r, out)), 'test': r['metrics']['test']})
