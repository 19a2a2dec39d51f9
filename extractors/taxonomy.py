"""The sector taxonomy: fields of cooperation, their codes and Indonesian labels.

The words that show a sector live in ``patterns/sectors.jsonl`` (entity-ruler
patterns with label ``SECTOR`` and ``id`` = code); ``docs/sectors.md`` says
what belongs to each code and how to extend the list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True, kw_only=True)
class SectorDefinition:
    """One field of cooperation: stable code, Indonesian label, what belongs."""

    code: str
    label: str
    scope: str


SECTORS: tuple[SectorDefinition, ...] = (
    SectorDefinition(
        code="education",
        label="Pendidikan",
        scope="schooling, equivalency education (Paket A/B/C), higher education, "
        "tri dharma, scholarships, curricula, students",
    ),
    SectorDefinition(
        code="vocational_training",
        label="Pelatihan Vokasi dan Keterampilan",
        scope="skills and work training, apprenticeships, competency tests and "
        "certification, pembinaan kemandirian",
    ),
    SectorDefinition(
        code="entrepreneurship",
        label="Kewirausahaan",
        scope="entrepreneurship, UMKM, cooperatives, business incubation and "
        "mentoring, marketing of products",
    ),
    SectorDefinition(
        code="health",
        label="Kesehatan",
        scope="health services, BPJS Kesehatan, clinics and hospitals, nursing, "
        "drug abuse prevention (P4GN) and rehabilitation, nutrition, disease control",
    ),
    SectorDefinition(
        code="social_reintegration",
        label="Reintegrasi Sosial",
        scope="supervision of correctional clients, assimilation, parole, "
        "integration programmes, community research reports (litmas)",
    ),
    SectorDefinition(
        code="religious_character",
        label="Pembinaan Kepribadian dan Keagamaan",
        scope="religious and spiritual guidance, Quran reading, character and "
        "civic (wawasan kebangsaan) formation",
    ),
    SectorDefinition(
        code="legal_aid",
        label="Bantuan Hukum",
        scope="legal aid, legal counselling and outreach, advocacy, mediation, "
        "restorative justice",
    ),
    SectorDefinition(
        code="research",
        label="Penelitian",
        scope="research, studies, scientific publication, community service of "
        "universities (pengabdian kepada masyarakat)",
    ),
    SectorDefinition(
        code="information_technology",
        label="Teknologi Informasi",
        scope="information systems, applications, digitalisation, data exchange, "
        "networks, cyber security",
    ),
    SectorDefinition(
        code="finance",
        label="Keuangan dan Perbankan",
        scope="banking services, payroll, credit, savings, financial literacy and "
        "inclusion, regional treasury, insurance",
    ),
    SectorDefinition(
        code="employment",
        label="Ketenagakerjaan",
        scope="job placement, recruitment, job fairs, labour market, migrant "
        "workers, BPJS Ketenagakerjaan",
    ),
    SectorDefinition(
        code="agriculture",
        label="Pertanian, Peternakan, Perikanan",
        scope="farming, livestock, fisheries, plantations, food security, " "forestry",
    ),
    SectorDefinition(
        code="infrastructure",
        label="Infrastruktur",
        scope="roads, bridges, irrigation, water supply, sanitation, buildings, "
        "housing, electricity networks",
    ),
    SectorDefinition(
        code="environment",
        label="Lingkungan Hidup",
        scope="waste management, recycling, reforestation, conservation, "
        "pollution, climate",
    ),
    SectorDefinition(
        code="social_services",
        label="Pelayanan Sosial",
        scope="social welfare and assistance, social rehabilitation, shelters, "
        "disability, elderly, child and women protection, poverty",
    ),
    SectorDefinition(
        code="security",
        label="Keamanan dan Ketertiban",
        scope="security and order (kamtib), guarding, searches, deradicalisation, "
        "intelligence",
    ),
    SectorDefinition(
        code="tourism_culture",
        label="Pariwisata dan Kebudayaan",
        scope="tourism, hospitality and culinary, culture, arts, heritage, "
        "museums, festivals",
    ),
    SectorDefinition(
        code="procurement_services",
        label="Pengadaan Barang/Jasa",
        scope="procurement of goods and services, service contracts, rental, "
        "catering, outsourcing",
    ),
    SectorDefinition(
        code="other",
        label="Lainnya",
        scope="named fields outside the codes above: sport, youth, libraries, "
        "archives, population records, land, transport, statistics, disasters",
    ),
)

SECTOR_LABELS: dict[str, str] = {sector.code: sector.label for sector in SECTORS}


def sector_label(code: str) -> str:
    """The Indonesian label of a sector code.

    Args:
        code: A taxonomy code such as ``vocational_training``.

    Returns:
        Its label (``Pelatihan Vokasi dan Keterampilan``), or the code itself
        when the code is unknown.
    """
    return SECTOR_LABELS.get(code, code)
