"""Train and evaluate GenRec (or the SASRec baseline) on one dataset and numbering; write its canonical results file.

The model folder goes to `runs/` (not committed): an interrupted run started again with the same command
resumes from its last complete epoch. Test metrics are read at the best-validation epoch.

    python bench/train.py --dataset beauty-mini --profile small --item-ids random --pretrain-epochs 2 --epochs 10
    python bench/train.py --model sasrec --dataset beauty --item-ids random   # up to 100 epochs, early stopping
    python bench/train.py --dataset beauty --item-ids random --seed 1   # a repeat: results/genrec_small_beauty_random_pretrain_seed1.json
    python bench/train.py --dataset beauty --item-ids random --paper    # the paper's recipe: results/genrec-paper_small_beauty_random_pretrain.json
"""
from pathlib import Path
from fastcore.script import call_parse
import this_checkout   # before genrec: this checkout's genrec, not another installed one
from genrec.hub import train_and_evaluate
from genrec.sasrec import SASREC_EPOCHS
from genrec.runtime import set_threads
from genrec.files import print_json, cli_errors
from genrec.metrics import write_result, result_path

def run_key(model, profile, dataset, item_ids, pretrain_epochs, seed, paper=False):
    "The keys that name a run's results file and model folder (see `genrec.metrics.result_path`); the paper's recipe is model `genrec-paper`."
    genrec = model == 'genrec'
    return dict(model='genrec-paper' if genrec and paper else model, profile=profile if genrec else None, dataset=dataset, item_ids=item_ids,
                pretrain=pretrain_epochs > 0 if genrec else None, settings=dict(seed=seed))

@call_parse
def main(dataset:str='beauty-mini', profile:str='small', item_ids:str='sequential', # what to train
         pretrain_epochs:int=2, epochs:int=None, seed:int=0, # how long (epochs default: GenRec 10, SASRec `SASREC_EPOCHS`); training seed
         eval_users:int=None, valid_users:int=1000, # users scored at the end and after each epoch (SASRec: all)
         lr:float=None, bs:int=None, wd:float=None, last_n:int=None, dropout:float=None, # training overrides (last_n: GenRec only)
         no_users:bool=False, # GenRec without the user word and user-ID embedding (the paper has both; the small profile neither)
         item_loss:float=None, # GenRec: weight of the item-level loss at [MASK] (default: the profile's; 0 is the paper's decoder loss only)
         label_smoothing:float=None, # GenRec: label smoothing of the token loss (default 0: none)
         layers:int=None, # GenRec: encoder and decoder layers (default: the profile's); SASRec: blocks
         id_dropout:float=None, # GenRec: chance of dropping a word's ID embedding in training (default 0, as the paper)
         mask_rate:float=None, # GenRec: share of items masked in pretraining, one a sentence (default: one item, as the paper)
         paper:bool=False, # GenRec: the paper's recipe (user word and ID, decoder loss only) where no option above says otherwise
         d:int=None, heads:int=None, max_len:int=None, # SASRec: width, attention heads, longest history (defaults: `train_sasrec`'s)
         negatives:int=None, # SASRec: sampled softmax against this many negatives a batch (default 0: the whole catalogue)
         targets:str=None, # SASRec: 'window' (every position, the default) or 'prefix' (one target an example, as RecBole)
         schedule:str=None, # SASRec: 'one_cycle' (the default) or 'constant'
         patience:int=None, # epochs without validation improvement before stopping (default: GenRec 3, SASRec 10); at least `epochs`: never
         runs:str='runs', out:str='results', # model folders; results folder
         model:str='genrec', # 'genrec' or 'sasrec'
         threads:int=None): # CPU threads (default: one per core this process may use)
    "Train a model, evaluate it at its best validation epoch, and write the results file."
    with cli_errors('bench/train.py'):   # bad input, or a folder another run is writing: one line, exit 2
        genrec = model == 'genrec'
        if epochs is None: epochs = 10 if genrec else SASREC_EPOCHS
        set_threads(threads)
        folder = Path(runs)/result_path(run_key(model, profile, dataset, item_ids, pretrain_epochs, seed, paper), '.').stem
        extra = dict(last_n=last_n, dropout=dropout, users=False if no_users else None, item_loss=item_loss,
                     label_smoothing=label_smoothing, layers=layers, id_dropout=id_dropout, mask_rate=mask_rate,
                     paper=paper or None) if genrec else dict(d=d, layers=layers, heads=heads, dropout=dropout, max_len=max_len,
                                                              negatives=negatives, targets=targets, schedule=schedule)
        r = train_and_evaluate(dataset, profile, item_ids, pretrain_epochs, epochs, seed, folder, eval_users, model=model,
                               valid_users=valid_users if genrec else None, lr=lr, bs=bs, wd=wd, patience=patience, **extra)
        if r is None: return   # not the first of several processes (accelerate launch)
        print_json({'file': str(write_result(r, out)), 'test': r['metrics']['test']})
