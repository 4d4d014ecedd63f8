"""Writes a gifts CSV in Kindred's generic import format: ROWS gifts from ROWS/5 donors, 20 campaigns, each with an
external id. Usage: python3 make_gifts.py ROWS FILE"""
import random
import sys

rows, path = int(sys.argv[1]), sys.argv[2]
random.seed(1)
donors = max(1, rows // 5)
names = ["Anna", "Jan", "Sophie", "Lucas", "Emma", "Noah", "Julie", "Louis", "Marie", "Daan"]
families = ["Jansen", "de Vries", "Peeters", "Dubois", "Maes", "Bakker", "Lambert", "Visser", "Smit", "Martin"]
with open(path, "w", newline="") as out:
    out.write("constituent_external_id,received_at,amount,currency,first_name,last_name,email,campaign,external_id\n")
    for n in range(rows):
        donor = random.randrange(donors)
        day = 1 + n % 28
        month = 1 + (n // 28) % 12
        year = 2016 + (n // 336) % 10
        amount = random.choice(["5.00", "10.00", "25.00", "50.00", "12.50", "100.00", "7.5"])
        out.write(f"D{donor},{year}-{month:02d}-{day:02d},{amount},EUR,{names[donor % 10]},{families[donor // 10 % 10]},"
                  f"donor{donor}@example.org,Campaign {n % 20},G{n}\n")
