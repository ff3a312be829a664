"""The columns of the cohorts and participants spreadsheets, and the headers officials
write for them: what the importer reads and the export writes, so a file goes both ways."""

COHORT_COLUMNS = (
    "name", "year", "trade", "destination", "seksi", "start_date", "end_date", "budget_source",
    "budget",
)  # fmt: skip
PARTICIPANT_COLUMNS = (
    "name", "cohort", "phone", "kecamatan", "education", "birth_date", "trade", "status",
)  # fmt: skip
COLUMNS = {"cohorts": COHORT_COLUMNS, "participants": PARTICIPANT_COLUMNS}
REQUIRED = {"cohorts": ("name", "year", "trade"), "participants": ("name", "cohort", "kecamatan")}
# Headers officials write, beside the column names themselves (compared by header_key).
ALIASES = {
    "cohorts": {
        **dict.fromkeys(("nama", "nama angkatan", "nama pelatihan", "angkatan"), "name"),
        **dict.fromkeys(("tahun", "tahun anggaran", "tahun pelatihan"), "year"),
        **dict.fromkeys(
            ("bidang", "kejuruan", "bidang usaha", "bidang pelatihan", "jenis pelatihan"), "trade"
        ),
        **dict.fromkeys(
            ("tujuan", "tujuan pelatihan", "lokasi", "lokasi pelatihan", "tempat pelatihan"),
            "destination",
        ),
        **dict.fromkeys(("seksi", "seksi bidang", "seksi pengampu"), "seksi"),
        **dict.fromkeys(("tanggal mulai", "tgl mulai", "mulai", "mulai pelatihan"), "start_date"),
        **dict.fromkeys(("tanggal selesai", "tgl selesai", "selesai"), "end_date"),
        **dict.fromkeys(("sumber anggaran", "sumber dana", "dana"), "budget_source"),
        **dict.fromkeys(
            ("anggaran", "nilai anggaran", "pagu", "pagu anggaran", "biaya", "anggaran rp"),
            "budget",
        ),
    },
    "participants": {
        **dict.fromkeys(("nama", "nama peserta", "nama lengkap"), "name"),
        **dict.fromkeys(("angkatan", "nama angkatan", "pelatihan", "angkatan pelatihan"), "cohort"),
        **dict.fromkeys(
            (
                "no hp",
                "hp",
                "nomor hp",
                "no hp wa",
                "no telepon",
                "telepon",
                "no telp",
                "telp",
                "no wa",
                "wa",
                "whatsapp",
                "nomor telepon",
                "no handphone",
            ),
            "phone",
        ),  # fmt: skip
        **dict.fromkeys(("kecamatan", "kec", "domisili kecamatan"), "kecamatan"),
        **dict.fromkeys(("pendidikan", "pendidikan terakhir", "ijazah terakhir"), "education"),
        **dict.fromkeys(("tanggal lahir", "tgl lahir", "tgl lhr"), "birth_date"),
        **dict.fromkeys(("bidang", "kejuruan", "bidang usaha"), "trade"),
        **dict.fromkeys(("status", "status wub", "keadaan usaha"), "status"),
    },
}
# Row-number columns ("No.") are common and mean nothing to the import: not reported.
IGNORED = ("no", "no urut", "nomor urut")
