"""The predictions benchmark's data and reference (Benchmarks/predictions.sh).

  generate WORK DONORS   simulate DONORS donors from known BG/NBD and Gamma-Gamma parameters over three years and
                         write WORK/constituents.csv and WORK/gifts.csv (for sqlite3 .import) and
                         WORK/transactions.csv (customer,date,amount: the same gifts for lifetimes)
  lifetimes WORK END     fit BG/NBD and Gamma-Gamma with the lifetimes library from the raw transactions, with the
                         same definitions as Kindred (days with gifts, weeks = days / 7, repeat values only), and
                         print the parameters and the seconds it took as `name value` lines
"""
import sys
import time

import numpy as np

TRUE = {"r": 0.75, "alpha": 12.0, "a": 0.6, "b": 4.0, "p": 6.0, "q": 4.0, "gamma": 15.0}
START = np.datetime64("2023-01-01")


def generate(work, donors):
    rng = np.random.default_rng(1)
    first = rng.integers(0, 365, donors)                                  # acquisition day within the first year
    rate = rng.gamma(TRUE["r"], 1 / TRUE["alpha"], donors) / 7            # gifts per day while alive
    drop = rng.beta(TRUE["a"], TRUE["b"], donors)
    spend = rng.gamma(TRUE["q"], 1 / TRUE["gamma"], donors)               # ν of each donor
    horizon = 3 * 365
    customer, day = [np.arange(donors)], [first.astype(np.float64)]
    now, alive = first.astype(np.float64), np.ones(donors, dtype=bool)
    while alive.any():
        alive &= rng.random(donors) >= drop                               # drop out after the last gift
        now = now + rng.exponential(1, donors) / np.maximum(rate, 1e-12)
        alive &= now < horizon
        customer.append(np.nonzero(alive)[0])
        day.append(now[alive])
    customer, day = np.concatenate(customer), np.floor(np.concatenate(day)).astype(np.int64)
    amount = np.maximum(np.round(rng.gamma(TRUE["p"], 1 / spend[customer]) * 100).astype(np.int64), 1)
    order = np.lexsort((day, customer))
    customer, day, amount = customer[order], day[order], amount[order]
    dates = (START + day.astype("timedelta64[D]")).astype(str)
    with open(f"{work}/constituents.csv", "w") as out:
        out.writelines(f"c{n:08d},Donor {n}\n" for n in range(donors))
    with open(f"{work}/gifts.csv", "w") as out, open(f"{work}/transactions.csv", "w") as tx:
        tx.write("customer,date,amount\n")
        for n, (c, d, a) in enumerate(zip(customer.tolist(), dates.tolist(), amount.tolist())):
            out.write(f"g{n:09d},c{c:08d},{a},EUR,{d}T12:00:00Z\n")
            tx.write(f"c{c:08d},{d},{a / 100:.2f}\n")
    print(f"generated {donors} donors and {len(customer)} gifts; calibration end {START + horizon - 1}")


def reference(work, end):
    import pandas as pd
    from lifetimes import BetaGeoFitter, GammaGammaFitter
    from lifetimes.utils import summary_data_from_transaction_data
    start = time.perf_counter()
    gifts = pd.read_csv(f"{work}/transactions.csv", parse_dates=["date"])
    summary = summary_data_from_transaction_data(gifts, "customer", "date", monetary_value_col="amount",
                                                 observation_period_end=end, freq="D")
    summary["recency"] /= 7
    summary["T"] /= 7
    bgnbd = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    repeat = summary[(summary["frequency"] > 0) & (summary["monetary_value"] > 0)]
    gg = GammaGammaFitter().fit(repeat["frequency"], repeat["monetary_value"])
    seconds = time.perf_counter() - start
    for name, value in list(bgnbd.params_.items()) + [("p", gg.params_["p"]), ("q", gg.params_["q"]), ("gamma", gg.params_["v"])]:
        print(name, f"{value:.10f}")
    print("donors", len(summary))
    print("seconds", f"{seconds:.3f}")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]))
    else:
        reference(sys.argv[2], sys.argv[3])
