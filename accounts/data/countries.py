"""The 35 OAS member states listed on the RIPSO page (docs/rules.md, R1.1), names in es/en/pt/fr."""

# (ISO code, Spanish, English, Portuguese, French)
MEMBER_STATES = [
    ("AG", "Antigua y Barbuda", "Antigua and Barbuda", "Antígua e Barbuda", "Antigua-et-Barbuda"),
    ("AR", "Argentina", "Argentina", "Argentina", "Argentine"),
    ("BS", "Las Bahamas", "The Bahamas", "Bahamas", "Bahamas"),
    ("BB", "Barbados", "Barbados", "Barbados", "Barbade"),
    ("BZ", "Belize", "Belize", "Belize", "Belize"),
    ("BO", "Bolivia", "Bolivia", "Bolívia", "Bolivie"),
    ("BR", "Brasil", "Brazil", "Brasil", "Brésil"),
    ("CA", "Canadá", "Canada", "Canadá", "Canada"),
    ("CL", "Chile", "Chile", "Chile", "Chili"),
    ("CO", "Colombia", "Colombia", "Colômbia", "Colombie"),
    ("CR", "Costa Rica", "Costa Rica", "Costa Rica", "Costa Rica"),
    ("CU", "Cuba", "Cuba", "Cuba", "Cuba"),
    ("DM", "Dominica", "Dominica", "Dominica", "Dominique"),
    (
        "DO",
        "República Dominicana",
        "Dominican Republic",
        "República Dominicana",
        "République dominicaine",
    ),
    ("EC", "Ecuador", "Ecuador", "Equador", "Équateur"),
    ("SV", "El Salvador", "El Salvador", "El Salvador", "El Salvador"),
    (
        "US",
        "Estados Unidos de América",
        "United States of America",
        "Estados Unidos da América",
        "États-Unis d'Amérique",
    ),
    ("GD", "Grenada", "Grenada", "Granada", "Grenade"),
    ("GT", "Guatemala", "Guatemala", "Guatemala", "Guatemala"),
    ("GY", "Guyana", "Guyana", "Guiana", "Guyana"),
    ("HT", "Haití", "Haiti", "Haiti", "Haïti"),
    ("HN", "Honduras", "Honduras", "Honduras", "Honduras"),
    ("JM", "Jamaica", "Jamaica", "Jamaica", "Jamaïque"),
    ("MX", "México", "Mexico", "México", "Mexique"),
    ("NI", "Nicaragua", "Nicaragua", "Nicarágua", "Nicaragua"),
    ("PA", "Panamá", "Panama", "Panamá", "Panama"),
    ("PY", "Paraguay", "Paraguay", "Paraguai", "Paraguay"),
    ("PE", "Perú", "Peru", "Peru", "Pérou"),
    (
        "KN",
        "Saint Kitts y Nevis",
        "Saint Kitts and Nevis",
        "São Cristóvão e Névis",
        "Saint-Kitts-et-Nevis",
    ),
    (
        "VC",
        "San Vicente y las Granadinas",
        "Saint Vincent and the Grenadines",
        "São Vicente e Granadinas",
        "Saint-Vincent-et-les-Grenadines",
    ),
    ("LC", "Santa Lucía", "Saint Lucia", "Santa Lúcia", "Sainte-Lucie"),
    ("SR", "Suriname", "Suriname", "Suriname", "Suriname"),
    ("TT", "Trinidad y Tobago", "Trinidad and Tobago", "Trinidad e Tobago", "Trinité-et-Tobago"),
    ("UY", "Uruguay", "Uruguay", "Uruguai", "Uruguay"),
    ("VE", "Venezuela", "Venezuela", "Venezuela", "Venezuela"),
]


def load_member_states(country_model):
    """Create or update the 35 member states (idempotent)."""
    for code, es, en, pt, fr in MEMBER_STATES:
        country_model.objects.update_or_create(
            code=code, defaults={"name_es": es, "name_en": en, "name_pt": pt, "name_fr": fr}
        )
