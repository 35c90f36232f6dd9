"""The given names that are also English words or word forms ("mark", "will", "grant"), for telling
"quick question, mark" from "pipeline, simplified". Any other lower-case word of a subject that is no
English word is read as a name anyway, so only these need a list: the English first names of faker
that ``address_lines`` reads as ordinary words. They are shipped, not read from faker (a demo-data
library) at run time; ``tests/domain/test_given_names.py`` derives them again and names a change.
"""

NAME_WORDS = frozenset("""
adams add agnes agness ahmed alabama alexys alfred aloys alphons alys ambers america amos ananias anders
andreas andres angeles annalise anner arely arizona art asia atlas author baby baker banks bell
bess bill bird blas booker boss brain branch bridger brooks brown buddy burns cadence candy
cap carlos carly carolina carry cas case cash chad chalmers chance channing charity charles charls chas
chasity chastity chester china chip christion clemens clement codie colie collins conor coral creed cuba
dakota dallas deasia deforest delmas delores delos demetrios denice denine denise diamond dimitrios
doctor dolores donal dorcas doss dot douglas early earnest easter ed eldred elias elise eller else emmons
enos erling erving estes evans ever ewing fed felicitas felicity fielding fisher fleming florida forest
forrest franc frances francies fred french friend fuller gaines gene general georgia german giles
gladys glover grant graves grayling green gunner guy hall hans harding harm hayes hays helena hildred holmes
homer hope hughes india indiana ines ireland irving isaias israel jacques james jan jared jarred jaymes jed
jennings jens jered jiles job jonas jones jordan judge jules junior kenya king lady lars lawyer leaner leone
leonidas les less lester link little long loring louisiana lourdes love lucas lucia lucky lukas major
male manly manning marcos mariana mark marlys marques marry marshall martin math mathews mathias matias
matthias may media mena mercedes milagros milas mildred miles mills miner minor missouri
mistie mohamed mohammed moises montana moses myer myles ned nels nevada nicholas nickolas nicolas nikolas
niles nils north obed odalys oneal oral orange owens page park parker patience pershing piper pleas
pleasant ples press price queen ras rasheed reason red reed reyes reynolds rhys rice rich rico river rock
rogers roll royal saint salvador sam sanders santos serenity sierra silas silver sing sister sky solomon
somer sommer son spring star starling sterling storm summer syed sylas tavares tea ted tennessee
texas thomas thos tiny tobias tomas trinidad trinity true turner ulises ulysses unique unknown unnamed
virginia walker warner wash washington waverly wells wes wess west wheeler wilfred will williams winfred
wing winifred winnifred winter wood worth york young zed zenas
""".split())


def is_also_a_name(word: str) -> bool:
    """Whether the English word ``word`` is also a given name."""
    return word.casefold() in NAME_WORDS
