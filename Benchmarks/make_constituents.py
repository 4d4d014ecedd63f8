"""Writes a constituents CSV in Kindred's generic import format: ROWS people, of whom one in a hundred is a second
record of someone else (same email in other case, a typo in the family name, the same postal code).
Usage: python3 make_constituents.py ROWS FILE"""
import random
import sys

rows, path = int(sys.argv[1]), sys.argv[2]
random.seed(2)
given = ["Anna", "Jan", "Sophie", "Lucas", "Emma", "Noah", "Julie", "Louis", "Marie", "Daan", "Lea", "Milan", "Eva", "Finn"]
family = ["Jansen", "de Vries", "Peeters", "Dubois", "Maes", "Bakker", "Lambert", "Visser", "Smit", "Martin", "Claes",
          "Willems", "Mertens", "Leroy", "Bos", "Mulder", "Dekker", "Girard", "Wouters", "Jacobs"]


def person(n):
    r = random.Random(n)
    postal = f"{1000 + r.randrange(9000)} {chr(65 + r.randrange(26))}{chr(65 + r.randrange(26))}"
    return (r.choice(given), r.choice(family) + str(n % 997 if n % 3 else ""), f"person{n}@example.org", postal)


with open(path, "w", newline="") as out:
    out.write("external_id,first_name,last_name,email,postal_code,city,country\n")
    for n in range(rows):
        if n % 100 == 99:
            first, last, email, postal = person(n - 50)
            last = last[:-1] + "x" if len(last) > 4 else last
            out.write(f"P{n},{first},{last},{email.upper()},{postal.replace(' ', '')},Utrecht,NL\n")
        else:
            first, last, email, postal = person(n)
            out.write(f"P{n},{first},{last},{email},{postal},Utrecht,NL\n")
