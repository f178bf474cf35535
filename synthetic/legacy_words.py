"""The words of generated listing pages: places, headlines, sentences, captions, series.

Generic news sentences with the spellings the Group's pages have (accents, ñ,
curly quotes, en dashes); they state nothing about the Group itself.
"""

from __future__ import annotations

PLACES = ("Cajamarca", "Cusco", "Puno", "Piura", "Ayacucho", "Huancavelica", "Iquitos",
          "Arequipa", "Áncash", "Apurímac", "Junín", "Madre de Dios", "Espinar", "Bagua",
          "Chiclayo", "Tumbes", "Huánuco", "San Martín", "Ucayali", "Pasco", "Moquegua",
          "Tacna", "Lambayeque", "Loreto")  # fmt: skip
SUBJECTS = ("Mining protest", "Water dispute", "Road blockade", "Teachers’ strike",
            "Land titling", "Oil spill", "Forest fire", "Drought", "Flood relief",
            "Health campaign", "Election count", "Court ruling", "Dam project",
            "Coca eradication", "Rights hearing", "Ombudsman report", "Census",
            "Gas pipeline", "School programme", "Harvest", "Radio station",
            "Federation congress", "Regional budget", "Transport strike")  # fmt: skip
OUTCOMES = ("ends", "resumes", "goes to court", "is postponed", "divides opinion",
            "wins support", "is suspended", "draws crowds", "prompts inquiry",
            "leaves questions", "reaches Congress", "is approved")  # fmt: skip
SENTENCES = (
    "Officials in {place} said the “{subject}” would be reviewed before the end of the year.",
    "Community leaders – among them several women’s groups – asked for talks in {place}.",
    "The regional government of {place} promised a report within ninety days.",
    "Local radio in {place} said the campaña had reached more than 3,000 families.",
    "Residents said the año had been hard: prices rose by 8–10% while wages did not.",
    "A spokesperson described the decision as “a first step”, not a solution.",
    "Farmers near {place} said the water of the río had changed colour twice this month.",
    "Lawyers for the niños’ families said they would appeal to the higher court.",
)
CAPTIONS = ("Protesters in {place}", "A market in {place}", "The main square of {place}",
            "Women’s march in {place} – photo by a reader", "Rain over {place}")  # fmt: skip
SERIES = ("Peru News", "Boletín Andino")
MONTH_FORMS = ("{a} / {b} {y}", "{a}/{b} {y}", "{a}-{b} {y}", "{a} {y}")
SHAPES = (("seed", 30), ("caption", 10), ("series", 15), ("bare-date", 10),
          ("date-first", 18), ("date-title", 17))  # fmt: skip
AIMS = ("The Peru Support Group exists to promote social inclusion, sustainable development"
        " and the observance of human rights in Peru.")  # fmt: skip
WHY = ("Keep up to date with latest news and developments in Peru",
       "Support the work of the Peru Support Group")  # fmt: skip
