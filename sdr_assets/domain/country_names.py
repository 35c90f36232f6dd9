"""The countries of ISO 3166-1, as data: alpha-2 code, the common English name, other names a fact
or a draft uses, and the adjectives and demonyms English uses of each.

One line a country, ``code|name|other names|adjectives``, lists separated by commas; ``countries``
reads it once. It is a module, not a data file, so the verifier's digest (``rule_digest``) covers it.
"""

TABLE = """
AD|Andorra||Andorran
AE|United Arab Emirates|UAE, Emirates|Emirati
AF|Afghanistan||Afghan
AG|Antigua and Barbuda|Antigua|Antiguan, Barbudan
AI|Anguilla||Anguillan
AL|Albania||Albanian
AM|Armenia||Armenian
AO|Angola||Angolan
AQ|Antarctica||Antarctic
AR|Argentina||Argentine, Argentinian
AS|American Samoa||American Samoan
AT|Austria||Austrian
AU|Australia||Australian
AW|Aruba||Aruban
AX|Åland Islands|Aland Islands, Åland, Aland|Ålander, Alander
AZ|Azerbaijan||Azerbaijani, Azeri
BA|Bosnia and Herzegovina|Bosnia|Bosnian, Herzegovinian
BB|Barbados||Barbadian, Bajan
BD|Bangladesh||Bangladeshi
BE|Belgium||Belgian
BF|Burkina Faso||Burkinabe, Burkinabè
BG|Bulgaria||Bulgarian
BH|Bahrain||Bahraini
BI|Burundi||Burundian
BJ|Benin||Beninese
BL|Saint Barthélemy|Saint Barthelemy, St. Barths, St Barths|Barthélemois
BM|Bermuda||Bermudian
BN|Brunei|Brunei Darussalam|Bruneian
BO|Bolivia||Bolivian
BQ|Caribbean Netherlands|Bonaire, Sint Eustatius and Saba, Bonaire|Bonairean
BR|Brazil||Brazilian
BS|Bahamas|The Bahamas|Bahamian
BT|Bhutan||Bhutanese
BV|Bouvet Island|Bouvet|Bouvet Island
BW|Botswana||Botswanan, Motswana, Batswana
BY|Belarus||Belarusian
BZ|Belize||Belizean
CA|Canada||Canadian
CC|Cocos (Keeling) Islands|Cocos Islands, Keeling Islands|Cocos Islander
CD|Democratic Republic of the Congo|DR Congo, DRC, Congo-Kinshasa|Congolese
CF|Central African Republic|CAR|Central African
CG|Republic of the Congo|Congo, Congo-Brazzaville|Congolese
CH|Switzerland||Swiss
CI|Côte d'Ivoire|Cote d'Ivoire, Ivory Coast|Ivorian
CK|Cook Islands||Cook Islander
CL|Chile||Chilean
CM|Cameroon||Cameroonian
CN|China||Chinese
CO|Colombia||Colombian
CR|Costa Rica||Costa Rican
CU|Cuba||Cuban
CV|Cape Verde|Cabo Verde|Cape Verdean, Cabo Verdean
CW|Curaçao|Curacao|Curaçaoan, Curacaoan
CX|Christmas Island||Christmas Islander
CY|Cyprus||Cypriot
CZ|Czechia|Czech Republic|Czech
DE|Germany||German
DJ|Djibouti||Djiboutian
DK|Denmark||Danish, Dane
DM|Dominica||Dominican
DO|Dominican Republic||Dominican
DZ|Algeria||Algerian
EC|Ecuador||Ecuadorian, Ecuadorean
EE|Estonia||Estonian
EG|Egypt||Egyptian
EH|Western Sahara||Sahrawi, Sahrawian, Western Saharan
ER|Eritrea||Eritrean
ES|Spain||Spanish, Spaniard
ET|Ethiopia||Ethiopian
FI|Finland||Finnish
FJ|Fiji||Fijian
FK|Falkland Islands|Falklands|Falkland Islander
FM|Micronesia|Federated States of Micronesia|Micronesian
FO|Faroe Islands|Faroes, Faeroe Islands|Faroese
FR|France||French
GA|Gabon||Gabonese
GB|United Kingdom|UK, Britain, Great Britain, England, Scotland, Wales|British, Brit, English, Scottish, Welsh
GD|Grenada||Grenadian
GE|Georgia||Georgian
GF|French Guiana||French Guianese, Guianese
GG|Guernsey||Guernsey, Guernseyman
GH|Ghana||Ghanaian
GI|Gibraltar||Gibraltarian
GL|Greenland||Greenlandic, Greenlander
GM|Gambia|The Gambia|Gambian
GN|Guinea||Guinean
GP|Guadeloupe||Guadeloupean
GQ|Equatorial Guinea||Equatorial Guinean, Equatoguinean
GR|Greece||Greek
GS|South Georgia and the South Sandwich Islands|South Georgia|South Georgian
GT|Guatemala||Guatemalan
GU|Guam||Guamanian, Chamorro
GW|Guinea-Bissau||Bissau-Guinean
GY|Guyana||Guyanese
HK|Hong Kong||Hongkonger, Hong Konger
HM|Heard Island and McDonald Islands|Heard Island|Heard Islander
HN|Honduras||Honduran
HR|Croatia||Croatian
HT|Haiti||Haitian
HU|Hungary||Hungarian
ID|Indonesia||Indonesian
IE|Ireland|Republic of Ireland, Eire|Irish
IL|Israel||Israeli
IM|Isle of Man||Manx
IN|India||Indian
IO|British Indian Ocean Territory|Chagos Islands|Chagossian
IQ|Iraq||Iraqi
IR|Iran||Iranian, Persian
IS|Iceland||Icelandic, Icelander
IT|Italy||Italian
JE|Jersey||Jerseyman, Jersian
JM|Jamaica||Jamaican
JO|Jordan||Jordanian
JP|Japan||Japanese
KE|Kenya||Kenyan
KG|Kyrgyzstan||Kyrgyz, Kyrgyzstani
KH|Cambodia||Cambodian, Khmer
KI|Kiribati||I-Kiribati
KM|Comoros||Comoran, Comorian
KN|Saint Kitts and Nevis|St Kitts and Nevis, St. Kitts and Nevis|Kittitian, Nevisian
KP|North Korea||North Korean
KR|South Korea|Korea, Republic of Korea|South Korean, Korean
KW|Kuwait||Kuwaiti
KY|Cayman Islands|Caymans|Caymanian
KZ|Kazakhstan||Kazakh, Kazakhstani
LA|Laos|Lao PDR|Lao, Laotian
LB|Lebanon||Lebanese
LC|Saint Lucia|St Lucia, St. Lucia|Saint Lucian, St Lucian
LI|Liechtenstein||Liechtensteiner, Liechtensteinian
LK|Sri Lanka||Sri Lankan
LR|Liberia||Liberian
LS|Lesotho||Basotho, Mosotho
LT|Lithuania||Lithuanian
LU|Luxembourg||Luxembourgish, Luxembourger
LV|Latvia||Latvian
LY|Libya||Libyan
MA|Morocco||Moroccan
MC|Monaco||Monegasque, Monacan
MD|Moldova||Moldovan
ME|Montenegro||Montenegrin
MF|Saint Martin|St Martin, St. Martin|Saint-Martinoise
MG|Madagascar||Malagasy
MH|Marshall Islands||Marshallese
MK|North Macedonia|Macedonia|Macedonian, North Macedonian
ML|Mali||Malian
MM|Myanmar|Burma|Burmese, Myanma
MN|Mongolia||Mongolian
MO|Macao|Macau|Macanese
MP|Northern Mariana Islands|Northern Marianas|Northern Marianan
MQ|Martinique||Martinican, Martiniquais
MR|Mauritania||Mauritanian
MS|Montserrat||Montserratian
MT|Malta||Maltese
MU|Mauritius||Mauritian
MV|Maldives||Maldivian
MW|Malawi||Malawian
MX|Mexico||Mexican
MY|Malaysia||Malaysian
MZ|Mozambique||Mozambican
NA|Namibia||Namibian
NC|New Caledonia||New Caledonian
NE|Niger||Nigerien
NF|Norfolk Island||Norfolk Islander
NG|Nigeria||Nigerian
NI|Nicaragua||Nicaraguan
NL|Netherlands|The Netherlands, Holland|Dutch
NO|Norway||Norwegian
NP|Nepal||Nepali, Nepalese
NR|Nauru||Nauruan
NU|Niue||Niuean
NZ|New Zealand||New Zealander, Kiwi
OM|Oman||Omani
PA|Panama||Panamanian
PE|Peru||Peruvian
PF|French Polynesia||French Polynesian
PG|Papua New Guinea||Papua New Guinean, Papuan
PH|Philippines|The Philippines|Filipino, Philippine
PK|Pakistan||Pakistani
PL|Poland||Polish
PM|Saint Pierre and Miquelon|St Pierre and Miquelon|Saint-Pierrais, Miquelonnais
PN|Pitcairn Islands|Pitcairn|Pitcairn Islander
PR|Puerto Rico||Puerto Rican
PS|Palestine|Palestinian Territories, State of Palestine|Palestinian
PT|Portugal||Portuguese
PW|Palau||Palauan
PY|Paraguay||Paraguayan
QA|Qatar||Qatari
RE|Réunion|Reunion|Réunionese, Reunionese
RO|Romania||Romanian
RS|Serbia||Serbian, Serb
RU|Russia|Russian Federation|Russian
RW|Rwanda||Rwandan
SA|Saudi Arabia|KSA|Saudi, Saudi Arabian
SB|Solomon Islands||Solomon Islander
SC|Seychelles||Seychellois
SD|Sudan||Sudanese
SE|Sweden||Swedish, Swede
SG|Singapore||Singaporean
SH|Saint Helena, Ascension and Tristan da Cunha|Saint Helena, St Helena|Saint Helenian
SI|Slovenia||Slovenian, Slovene
SJ|Svalbard and Jan Mayen|Svalbard|Svalbard
SK|Slovakia||Slovak, Slovakian
SL|Sierra Leone||Sierra Leonean
SM|San Marino||Sammarinese
SN|Senegal||Senegalese
SO|Somalia||Somali
SR|Suriname||Surinamese
SS|South Sudan||South Sudanese
ST|São Tomé and Príncipe|Sao Tome and Principe|Santomean
SV|El Salvador||Salvadoran
SX|Sint Maarten||Sint Maartener
SY|Syria||Syrian
SZ|Eswatini|Swaziland|Swazi, Emaswati
TC|Turks and Caicos Islands|Turks and Caicos|Turks and Caicos Islander
TD|Chad||Chadian
TF|French Southern Territories|French Southern and Antarctic Lands|French Southern
TG|Togo||Togolese
TH|Thailand||Thai
TJ|Tajikistan||Tajik, Tajikistani
TK|Tokelau||Tokelauan
TL|Timor-Leste|East Timor|Timorese
TM|Turkmenistan||Turkmen
TN|Tunisia||Tunisian
TO|Tonga||Tongan
TR|Türkiye|Turkey, Turkiye|Turkish, Turk
TT|Trinidad and Tobago|Trinidad|Trinidadian, Tobagonian
TV|Tuvalu||Tuvaluan
TW|Taiwan||Taiwanese
TZ|Tanzania||Tanzanian
UA|Ukraine||Ukrainian
UG|Uganda||Ugandan
UM|United States Minor Outlying Islands|US Minor Outlying Islands|American
US|United States|USA, US, United States of America, America|American
UY|Uruguay||Uruguayan
UZ|Uzbekistan||Uzbek, Uzbekistani
VA|Vatican City|Holy See, Vatican|Vatican
VC|Saint Vincent and the Grenadines|St Vincent and the Grenadines, St. Vincent|Vincentian
VE|Venezuela||Venezuelan
VG|British Virgin Islands|BVI|British Virgin Islander
VI|U.S. Virgin Islands|US Virgin Islands, USVI|US Virgin Islander
VN|Vietnam|Viet Nam|Vietnamese
VU|Vanuatu||Ni-Vanuatu
WF|Wallis and Futuna||Wallisian, Futunan
WS|Samoa||Samoan
YE|Yemen||Yemeni
YT|Mayotte||Mahoran
ZA|South Africa||South African
ZM|Zambia||Zambian
ZW|Zimbabwe||Zimbabwean
"""
