"""Synthetic Kabupaten Bekasi at province scale: small businesses and companies' offers.

Texts are built from phrases in the register owners and CSR staff write in (informal
spellings, trade words in two languages, typos), so the normaliser, the vocabulary and
the index meet what they would meet in production. Every choice is a vectorised numpy
draw from one seeded generator; only the final string joins run per record, so a
million businesses take well under a minute. Nothing here reads files at run time.
"""

from collections.abc import Callable

import numpy as np

from ml.records import BusinessRecord, OfferRecord

# Hand-aligned tables read better than one item per line; ruff format leaves them alone.
# fmt: off
# name, lat, lon (polygon centroids, Kepmendagri 2025 names), share of businesses
KECAMATAN = (
    ("Tarumajaya", -6.12186, 106.99746, 4), ("Babelan", -6.12566, 107.0341, 4),
    ("Sukawangi", -6.11874, 107.09104, 1), ("Tambelang", -6.16699, 107.1273, 2),
    ("Tambun Utara", -6.19274, 107.06108, 6), ("Tambun Selatan", -6.25705, 107.05426, 12),
    ("Cibitung", -6.23568, 107.10042, 11), ("Cikarang Barat", -6.29728, 107.09406, 14),
    ("Cikarang Utara", -6.27539, 107.15565, 12), ("Karang Bahagia", -6.21719, 107.19697, 4),
    ("Cikarang Timur", -6.28848, 107.20895, 8), ("Kedung Waringin", -6.25157, 107.24828, 3),
    ("Pebayuran", -6.15932, 107.24847, 2), ("Sukakarya", -6.14493, 107.18562, 2),
    ("Sukatani", -6.19179, 107.15588, 3), ("Cabangbungin", -6.07808, 107.13626, 1),
    ("Muaragembong", -6.0033, 107.04986, 1), ("Setu", -6.36372, 107.03734, 9),
    ("Cikarang Selatan", -6.33845, 107.12793, 8), ("Cikarang Pusat", -6.35955, 107.18363, 6),
    ("Serang Baru", -6.39561, 107.11427, 5), ("Cibarusah", -6.43404, 107.11078, 4),
    ("Bojongmangu", -6.43893, 107.17782, 2),
)
# short name, kecamatan, approximate point, share of estate tenants
ESTATES = (
    ("Jababeka", "Cikarang Utara", -6.28102, 107.15063, 9),
    ("MM2100", "Cikarang Barat", -6.2965, 107.08606, 8),
    ("EJIP", "Cikarang Selatan", -6.32452, 107.12116, 6),
    ("Lippo Cikarang", "Cikarang Selatan", -6.33781, 107.15414, 5),
    ("BIIE (Hyundai)", "Cikarang Selatan", -6.33845, 107.12793, 4),
    ("GIIC Deltamas", "Cikarang Pusat", -6.37401, 107.20251, 6),
    ("Marunda Center", "Tarumajaya", -6.10806, 106.97981, 3),
    ("Gobel Cibitung", "Cikarang Barat", -6.2662, 107.09748, 3),
)
STEMS = ("Sinar Jaya", "Barokah", "Maju Bersama", "Putra Mandiri", "Karya Abadi", "Sumber Rejeki",
         "Mitra Teknik", "Berkah Jaya", "Cahaya Logam", "Dua Saudara", "Anugrah", "Sejahtera",
         "Harapan Baru", "Bintang Timur", "Rajawali", "Makmur Sentosa", "Jaya Abadi", "Tunas Muda",
         "Al-Hidayah", "Tiga Putra", "Bumi Asih", "Mega Karya", "Restu Ibu", "Lancar Jaya",
         "Bina Usaha", "Cipta Mandiri", "Amanah", "Sido Mulyo", "Rizki Ilahi", "Putra Bekasi")
NICKS = ("Pak Udin", "Bang Jali", "Mas Rian", "Kang Asep", "Pak Slamet", "Bang Roni", "Mas Eko",
         "Kang Ujang", "Pak Haji Dul", "Bang Opik", "Mas Bayu", "Kang Dedi", "Pak Darto", "Cecep")

# trade -> weight, KBLI 2020 (+ 2025 codes last), unit with its range, and phrases
TRADES = {
    "machining": dict(
        weight=16, kbli=("25920", "25920", "33121", "28140", "25920"),
        unit=("pcs/bulan", 200, 3000),
        names=("Bengkel Bubut {s}", "Bubut & Frais {s}", "{s} Teknik", "CV {s} Presisi",
               "Bubut {n}"),
        pitch=("Usaha bubut kecil, terima pesanan satuan maupun borongan.",
               "Bengkel bubut & frais, biasa garap sparepart mesin pabrik sekitar.",
               "Jasa bubut presisi dan repair komponen mesin produksi.",
               "bengkel bubut rumahan, sdh jalan dari 2015"),
        products=("as/poros", "bushing kuningan & baja", "mur baut custom", "roda gigi (gear)",
                  "pulley", "flange", "sparepart mesin produksi", "jig & fixture", "pin dan shaft",
                  "dies sederhana", "nozzle dan fitting hidrolik", "coupling"),
        capabilities=("bisa bubut as, bushing, dll", "frais alur pasak", "bubut CNC sesuai drawing",
                      "toleransi sampai 0,02 mm", "bisa kerjakan dari gambar atau contoh barang",
                      "repair shaft aus (las + bubut ulang)", "reverse engineering sparepart",
                      "material S45C, SKD11, kuningan, aluminium", "bisa hardening lewat mitra"),
        equipment=("2 mesin bubut manual", "1 mesin frais", "1 CNC lathe (bekas, masih bagus)",
                   "mesin bor duduk", "mesin skrap", "jangka sorong & mikrometer",
                   "mesin bubut panjang 2 meter")),
    "welding": dict(
        weight=14, kbli=("25920", "25119", "33119", "25111", "25119"), unit=("unit/bulan", 10, 150),
        names=("Las Listrik {s}", "Bengkel Las {n}", "{s} Las & Fabrikasi", "CV {s} Steel",
               "Las Karbit & Listrik {s}"),
        pitch=("Bengkel las & fabrikasi, biasa bikin rak dan trolley buat pabrik.",
               "Terima kerjaan las kecil sampai konstruksi ringan.",
               "Jasa las listrik panggilan, bisa datang ke lokasi.",
               "bengkel las pinggir jalan, terima pagar kanopi teralis"),
        products=("rak besi", "trolley pabrik", "pagar & kanopi", "tangga besi", "jig las",
                  "konstruksi baja ringan", "tralis", "meja kerja stainless", "railing tangga",
                  "tangki air stainless", "rangka mesin", "pallet besi"),
        capabilities=("welding SMAW, MIG, TIG", "las stainless dan aluminium",
                      "fabrikasi sesuai gambar", "bisa kerja onsite di pabrik",
                      "potong & tekuk plat tipis", "welder sudah sertifikat 3G",
                      "las argon rapi buat food grade", "finishing cat dasar & poles"),
        equipment=("3 mesin las inverter", "1 mesin las MIG", "1 mesin las TIG", "gerinda potong",
                   "bor magnet", "tabung argon & CO2", "mesin potong besi")),
    "sheet_metal": dict(
        weight=9, kbli=("25910", "25910", "25940", "25920", "25910"),
        unit=("pcs/bulan", 500, 10000),
        names=("{s} Plat Press", "Bengkel Plat {s}", "CV {s} Metal Forming", "Tekuk Plat {n}"),
        pitch=("Usaha plat & stamping skala kecil.", "Spesialis tekuk dan potong plat.",
               "Terima order sheet metal, box panel, cover mesin."),
        products=("bracket", "box panel listrik", "cover mesin", "komponen stamping", "casing",
                  "talang & ducting", "washer/ring plat", "safety guard mesin", "tray plat"),
        capabilities=("tekuk (bending) plat sampai 3 mm", "stamping press 25 ton",
                      "punching lubang", "potong plat pakai shearing", "sheet metal sesuai drawing",
                      "bisa sampai finishing cat", "deburring & cek dimensi"),
        equipment=("mesin tekuk plat manual", "2 mesin press 25 ton", "mesin shearing",
                   "mesin roll plat", "spot welding", "mesin punching")),
    "plating": dict(
        weight=6, kbli=("25920",), unit=("pcs/bulan", 300, 5000),
        names=("{s} Powder Coating", "Krom & Plating {s}", "Galvanis {s}", "Cat Oven {n}"),
        pitch=("Jasa powder coating dan plating.", "Pelapisan logam: krom, nikel, galvanis.",
               "Cat oven & powder coating, terima partai kecil."),
        products=("powder coating rak & pagar", "krom velg & sparepart motor", "galvanis baut",
                  "nikel plating", "cat oven", "zinc plating", "sandblasting"),
        capabilities=("powder coating warna sesuai RAL", "plating krom, nikel, tembaga",
                      "pickling (bersihin karat) sebelum coating", "oven panjang 3 meter",
                      "bisa ambil barang ke pabrik", "ketebalan lapisan dicek pakai alat"),
        equipment=("oven powder coating 3 m", "booth semprot", "4 bak elektroplating",
                   "rectifier 500 A", "kompresor", "mesin sandblast")),
    "casting": dict(
        weight=6, kbli=("24310", "24320", "24320"), unit=("kg/bulan", 300, 5000),
        names=("Pengecoran Logam {s}", "Cor Aluminium {s}", "Cor Kuningan {n}", "{s} Casting"),
        pitch=("Pengecoran aluminium & kuningan skala rumahan.",
               "Usaha cor logam pakai cetak pasir.",
               "Terima cor aluminium bekas jadi barang baru."),
        products=("cor aluminium (pulley, rumah pompa)", "cor kuningan (keran, ornamen)",
                  "cor besi (pemberat)", "impeller pompa", "handle & knob",
                  "bahan setengah jadi untuk dibubut", "housing gearbox kecil"),
        capabilities=("sand casting", "lebur aluminium bekas", "bikin pola kayu & resin",
                      "finishing bubut lewat bengkel mitra", "tungku 100 kg sekali lebur"),
        equipment=("tungku lebur drum oli", "2 tungku krusibel", "cetakan pasir", "blower",
                   "timbangan 300 kg")),
    "electronics": dict(
        weight=10, kbli=("95210", "26120", "27320", "33149", "27120", "33149"),
        unit=("unit/bulan", 20, 400),
        names=("{s} Elektronik", "Servis Elektronik {n}", "CV {s} Elektrika", "{s} Panel & Wiring"),
        pitch=("Servis elektronik dan rakit panel.", "Teknisi elektronik, biasa dipanggil pabrik.",
               "servis barang elektronik & rakit wiring"),
        products=("servis inverter & PLC", "wiring harness", "rakit panel listrik",
                  "perakitan PCB sederhana", "lampu LED custom", "servis TV & audio",
                  "servis mesin jahit listrik", "kontrol panel pompa"),
        capabilities=("solder SMD dan THT", "perbaikan PCB mesin produksi",
                      "wiring panel sesuai single line diagram", "troubleshooting PLC dasar",
                      "instalasi listrik pabrik kecil", "crimping dan tes kontinuitas kabel"),
        equipment=("solder station", "multimeter & clamp meter", "osiloskop", "hot air rework",
                   "3 meja kerja ESD", "crimping tool set")),
    "rewinding": dict(
        weight=9, kbli=("33141",), unit=("unit/bulan", 20, 200),
        names=("Gulung Dinamo {n}", "Rewinding {s}", "{s} Dinamo", "Bengkel Dinamo {s}"),
        pitch=("Gulung dinamo segala ukuran.", "Servis & rewinding motor listrik.",
               "Spesialis gulung ulang dinamo pompa dan motor industri."),
        products=("gulung ulang dinamo pompa air", "rewinding motor listrik 3 phase",
                  "servis dinamo kipas & mesin jahit", "ganti bearing motor", "gulung trafo las",
                  "servis dinamo starter & alternator", "servis genset kecil"),
        capabilities=("rewinding motor 0,5-30 HP", "kawat email standar pabrik",
                      "tes insulasi pakai megger", "bisa pickup motor dari pabrik",
                      "garansi 3 bulan", "balancing rotor"),
        equipment=("mesin gulung manual", "2 mesin gulung semi otomatis", "megger",
                   "oven pengering vernis", "treker bearing")),
    "automotive": dict(
        weight=14, kbli=("45407", "45407", "45201", "45201", "30912", "95320", "95311"),
        unit=("unit/bulan", 30, 400),
        names=("Bengkel Motor {s}", "{s} Motor", "Bengkel Mobil {s}", "{n} Auto Service"),
        pitch=("Bengkel motor & mobil.", "Bengkel umum, langganan karyawan pabrik sekitar.",
               "bengkel resmi bukan, tapi mekanik berpengalaman"),
        products=("servis rutin motor", "turun mesin", "spooring balancing", "servis AC mobil",
                  "bubut blok & korter", "aksesori motor (breket, footstep)",
                  "kelistrikan kendaraan", "ganti oli & tune up"),
        capabilities=("servis injeksi pakai scanner", "overhaul mesin", "spesialis motor matic",
                      "servis kendaraan operasional pabrik", "servis mobil diesel"),
        equipment=("3 lift motor", "scanner injeksi", "kompresor", "tool set lengkap", "lift mobil",
                   "mesin korter")),
    "metal_crafts": dict(
        weight=9, kbli=("32903", "25999", "25993", "25999"), unit=("pcs/bulan", 50, 1500),
        names=("Kerajinan Logam {s}", "Besi Tempa {n}", "{s} Craft", "Souvenir Logam {s}"),
        pitch=("Kerajinan logam: souvenir, plakat, ornamen.", "Perajin besi tempa & ornamen.",
               "Bagian dari perajin logam Setu, order lagi sepi."),
        products=("plakat & trofi", "souvenir logam", "lampu hias besi", "ornamen pagar",
                  "kaligrafi logam", "gantungan kunci", "hiasan dinding", "medali & pin"),
        capabilities=("ukir & tatah", "desain custom logo perusahaan", "finishing antik / doff",
                      "grafir nama", "laser cutting lewat partner", "bisa pesanan souvenir acara"),
        equipment=("alat tatah", "4 meja kerja", "las listrik", "gerinda", "mesin poles")),
    "copper_crafts": dict(
        weight=6, kbli=("32903", "32120", "25999"), unit=("pcs/bulan", 20, 400),
        names=("Kerajinan Tembaga {s}", "Tembaga & Kuningan {n}", "{s} Copper Art"),
        pitch=("Kerajinan tembaga & kuningan tatah.",
               "Perajin tembaga, alumni pelatihan Boyolali."),
        products=("wastafel tembaga", "lampu gantung tembaga", "kubah masjid", "vas & guci",
                  "plakat kuningan", "kaligrafi tembaga", "teko & cangkir"),
        capabilities=("tatah tembaga", "patina & finishing antik", "ukir relief",
                      "pesanan custom dari foto", "sepuh kuningan"),
        equipment=("palu & tatah set", "landasan", "2 kompor patri", "mesin poles")),
    "other": dict(
        weight=5, kbli=("33121", "31004", "33200", "22293", "33121"), unit=("unit/bulan", 10, 200),
        names=("{s} Teknik Mandiri", "CV {s} Serbaguna", "{s} Furnitur Besi", "Bengkel {s}"),
        pitch=("Usaha teknik serbaguna.", "Furnitur besi dan perawatan mesin."),
        products=("furnitur besi (kursi, meja)", "perawatan mesin produksi", "instalasi mesin",
                  "komponen plastik teknik", "mesin tepat guna (pencacah, pemotong)"),
        capabilities=("perawatan & perbaikan mesin umum", "bongkar pasang mesin pabrik",
                      "rakit mesin tepat guna", "gambar sederhana pakai AutoCAD"),
        equipment=("toolset mekanik", "2 las listrik", "bor tangan", "chain block")),
}
CHATTER = ("Siap lembur kalau order lagi banyak.", "Harga bersaing, kualitas dijaga.",
           "Pengen jadi vendor tetap pabrik.", "Melayani pesanan satuan.", "Akses truk bisa masuk.",
           "Dekat pintu tol, kirim barang gampang.", "sdh jalan 7 thn, dulu kerja di pabrik",
           "modal sendiri, pekerja dari warga kampung sekitar", "bisa kirim contoh dulu",
           "info lebih lanjut hubungi wa", "buka senin sampai sabtu", "pengerjaan cepat dan rapi",
           "bisa nego buat order rutin", "sudah pernah garap order dari pabrik di kawasan",
           "terima juga kerjaan lemparan dari bengkel lain", "lokasi masuk gang dekat masjid",
           "pekerja 4 orang tetap, kalau rame nambah harian", "kualitas dijamin, bisa revisi")
MENTORING = ("pembukuan & hitung HPP", "cara daftar jadi vendor pabrik",
             "QC dan baca gambar teknik", "akses modal KUR", "pemasaran online (marketplace, IG)",
             "K3 bengkel",
             "desain produk biar bisa bersaing", "manajemen produksi, biar kirim tepat waktu",
             "foto produk & katalog", "upgrade mesin ke CNC", "legalitas usaha (NIB, NPWP)",
             "sertifikasi halal atau SNI", "bikin penawaran harga ke pabrik", "ekspor kerajinan",
             "kemasan produk yg menarik", "5S dan kaizen di bengkel", "laporan keuangan sederhana",
             "branding dan logo usaha", "jualan di tokopedia shopee", "standar mutu pabrik (ISO)")
MENTORING_EXTRA = ("Butuh bimbingan", "Pengen belajar", "Mohon dibantu", "perlu pendampingan utk",
                   "biar usaha naik kelas", "soalnya selama ini cuma dari mulut ke mulut",
                   "supaya bisa masuk jadi vendor", "krn sering rugi salah hitung",
                   "mohon bimbingannya")
# sector -> KBLI 2020, name words, what its needs are about (trades), share of companies
SECTORS = {
    "auto": ("29300", ("Komponen Otomotif", "Autocomp", "Auto Parts"),
             ("machining", "sheet_metal", "welding", "plating", "rewinding"), 20),
    "moto": ("30912", ("Moto Parts", "Komponen Roda Dua"), ("machining", "plating", "casting"), 8),
    "electronics": ("26120", ("Elektronika", "Electronic Components"),
                    ("electronics", "sheet_metal", "rewinding"), 12),
    "electric": ("27111", ("Motor Listrik", "Electric Motor"),
                 ("rewinding", "casting", "machining"), 6),
    "cable": ("27320", ("Kabel", "Wiring Systems"), ("electronics", "welding"), 4),
    "machinery": ("28140", ("Gear", "Pompa", "Mesin Industri"),
                  ("machining", "casting", "plating"), 8),
    "appliance": ("27510", ("Home Appliances", "Elektrik"),
                  ("sheet_metal", "plating", "electronics"), 8),
    "steel": ("24102", ("Steel", "Baja"), ("welding", "machining", "rewinding"), 6),
    "packaging": ("22220", ("Plastik Kemasan", "Packaging"),
                  ("rewinding", "welding", "machining"), 10),
    "food": ("10799", ("Pangan", "Food Industries"), ("welding", "rewinding", "metal_crafts"), 12),
    "fleet": ("49431", ("Logistik", "Transport"), ("automotive", "welding"), 6),
}
COMPANY_PREFIXES = ("Cakra", "Nusa", "Bumi", "Graha", "Tirta", "Karya", "Citra", "Surya", "Mitra",
                    "Sentra", "Wahana", "Pilar", "Buana", "Cipta", "Garuda", "Kencana", "Sakura")
COMPANY_SUFFIXES = ("Indonesia", "Manufacturing", "Industries", "Cikarang", "Nusantara")
NEED_TITLES = {
    "machining": ("Bubut bushing dan pin jig", "Machining shaft conveyor",
                  "Pembuatan sparepart mesin"),
    "welding": ("Fabrikasi jig & fixture las", "Trolley & rak material",
                "Meja stainless food grade"),
    "sheet_metal": ("Stamping bracket & washer", "Safety guard dan cover mesin", "Box panel plat"),
    "plating": ("Powder coating bracket dan cover", "Zinc plating baut & bracket"),
    "casting": ("Cor aluminium housing & pulley", "Cor kuningan fitting"),
    "electronics": ("Perbaikan PCB dan panel kontrol", "Sub-assy wiring harness"),
    "rewinding": ("Rewinding motor listrik conveyor", "Servis dinamo pompa & blower"),
    "automotive": ("Servis kendaraan operasional", "Servis forklift & pickup"),
    "metal_crafts": ("Souvenir plakat untuk tamu", "Trofi & medali acara HUT pabrik"),
}
NEED_SPECS = {
    "machining": ("Bushing S45C dan pin SKD11, toleransi ±0,02 mm", "gambar kerja dari engineering",
                  "shaft conveyor diameter 30-60 mm", "material bisa dari kami",
                  "cek dimensi 100%"),
    "welding": ("jig las untuk line assembly, hollow + plat", "trolley besi hollow 40x40 roda PU",
                "meja dan rak SUS304, las TIG rapi", "finishing powder coating, sesuai drawing"),
    "sheet_metal": ("bracket plat SPCC 2 mm dan washer", "termasuk deburring",
                    "safety guard plat perforated + frame siku", "sesuai standar K3"),
    "plating": ("powder coating hitam doff, ketebalan 60-80 mikron", "tahan salt spray 72 jam",
                "zinc plating kuning trivalent"),
    "casting": ("housing dan pulley aluminium ADC12", "bebas porositas, siap dibubut",
                "fitting kuningan cor pasir"),
    "electronics": ("repair board kontrol & inverter mesin produksi", "respon maksimal 2x24 jam",
                    "potong, kupas, crimping dan rakit harness sesuai drawing"),
    "rewinding": ("gulung ulang motor 3 phase 1-15 HP", "termasuk ganti bearing dan tes megger",
                  "motor pompa & blower area utility"),
    "automotive": ("servis berkala motor operasional dan mobil pickup", "termasuk ganti oli",
                   "forklift diesel 3 ton, servis di lokasi"),
    "metal_crafts": ("plakat tembaga/kuningan dengan logo perusahaan", "untuk kunjungan tamu",
                     "trofi dan medali lomba karyawan"),
}
PROCUREMENT = ("Pembayaran 30 hari setelah invoice.", "Vendor wajib punya NIB dan NPWP.",
               "Diutamakan UMKM dekat kawasan.", "Sampel dulu sebelum order rutin.",
               "Pengiriman mingguan ke gudang kami.", "Dokumen QC wajib tiap pengiriman.",
               "PO per bulan, bisa kontrak tahunan.", "Ada audit vendor sebelum PO.")
PROGRAMME_TITLES = ("Program Bengkel Binaan", "Kelas Vendor Lokal", "K3 dan 5S untuk UMKM Logam",
                    "Inkubator Kerajinan Logam", "Magang Teknisi Rewinding & Listrik",
                    "Pendampingan Digitalisasi UMKM", "Kaizen untuk Bengkel Kecil",
                    "UMKM Naik Kelas")
PROGRAMME_FOCUS = ("mutu dan ketepatan kirim: 5S, QC dasar, baca gambar teknik",
                   "registrasi vendor, penawaran harga, hitung HPP, invoice & pajak",
                   "K3 bengkel las & bubut, APD, 5S", "desain produk, katalog, souvenir korporat",
                   "rewinding motor, pengukuran insulasi, panel", "pembukuan digital, marketplace",
                   "kaizen, efisiensi proses, tata letak bengkel", "akses permodalan & KUR",
                   "sertifikasi halal dan SNI", "ekspor untuk pemula",
                   "pemasaran online & foto produk")
PROGRAMME_NOTES = ("Pendampingan 6 bulan oleh tim QA.", "Kunjungan bengkel 2x sebulan.",
                   "Peluang jadi vendor lokal.", "Kelas bulanan bersama tim procurement.",
                   "APD diberikan gratis.", "Relawan karyawan mendampingi.",
                   "Gratis, kuota terbatas.", "Sertifikat di akhir program.")
# fmt: on

INFORMAL = {
    "yang": "yg",
    "untuk": "utk",
    "dengan": "dgn",
    "sudah": "sdh",
    "bisa": "bs",
    "tidak": "gak",
    "karena": "krn",
    "banyak": "byk",
    "juga": "jg",
    "dari": "dr",
    "sampai": "sampe",
    "aluminium": "alumunium",
    "sparepart": "spare part",
}
# Per phrase: as written, informal, and 22 spellings with one typo each, so the
# normaliser meets a long tail of unseen words (about 10,000) as it would in production.
VARIANTS = 24
VARIANT_SHARE = np.array([0.78, 0.10] + [0.12 / 22] * 22)


class PhrasePool:
    """Phrases in named groups, each stored in VARIANTS spellings, drawn by index arrays."""

    def __init__(self, groups: dict[str, tuple[str, ...]], rng: np.random.Generator):
        self.texts: list[str] = []
        self.group_of = {name: i for i, name in enumerate(groups)}
        starts, sizes = [], []
        for phrases in groups.values():
            starts.append(len(self.texts))
            sizes.append(len(phrases))
            for phrase in phrases:
                self.texts += _spellings(phrase, rng)
        self.start, self.size = np.array(starts), np.array(sizes)
        self.words = np.array([len(t.split()) for t in self.texts])

    def pick(self, groups: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        """A phrase index for each group id in `groups` (n, slots); within a row, a group
        repeats a phrase only once all its phrases are used."""
        n, slots = groups.shape
        start = rng.random((n, len(self.size)))[np.arange(n)[:, None], groups]
        seen = np.zeros(groups.shape, dtype=np.int64)  # earlier slots of the row, same group
        for earlier in range(slots - 1):
            seen[:, earlier + 1 :] += groups[:, earlier + 1 :] == groups[:, earlier : earlier + 1]
        size = self.size[groups]
        phrase = ((start * size).astype(np.int64) + seen) % size
        variant = rng.choice(VARIANTS, size=groups.shape, p=VARIANT_SHARE)
        return self.start[groups] + phrase * VARIANTS + variant

    def join(self, picks: np.ndarray, low: int, high: int, rng) -> list[str]:
        """Texts of the first phrases of each row of `picks` that reach low..high words."""
        target = rng.integers(low, high + 1, size=picks.shape[0])
        before = np.cumsum(self.words[picks], axis=1) - self.words[picks]
        counts = (before < target[:, None]).sum(axis=1).tolist()
        get = self.texts.__getitem__
        return [" ".join(map(get, row[:k])) for row, k in zip(picks.tolist(), counts, strict=True)]


def _spellings(phrase: str, rng: np.random.Generator) -> list[str]:
    words = phrase.split()
    informal = " ".join(INFORMAL.get(w.lower(), w) for w in words)
    long = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    out = [phrase, informal]
    for _ in range(VARIANTS - 2):
        if not long:
            out.append(phrase)
            continue
        i = long[int(rng.integers(len(long)))]
        out.append(" ".join([*words[:i], _typo(words[i], rng), *words[i + 1 :]]))
    return out


def _typo(word: str, rng: np.random.Generator) -> str:
    """One slip of the thumb: a letter dropped, doubled, swapped or a vowel misheard."""
    at = int(rng.integers(1, len(word) - 1))
    how = int(rng.integers(4))
    if how == 0:
        return word[:at] + word[at + 1 :]
    if how == 1:
        return word[:at] + word[at] + word[at:]
    if how == 2:
        return word[: at - 1] + word[at] + word[at - 1] + word[at + 1 :]
    swap = {"a": "e", "e": "i", "i": "e", "o": "u", "u": "o"}
    return word[:at] + swap.get(word[at], word[at]) + word[at + 1 :]


# --- generating -------------------------------------------------------------------------------

TRADE_CODES = tuple(TRADES)
CATEGORIES = ("pitch", "products", "capabilities", "equipment")
CHUNK = 100_000


def generate(
    n_businesses: int, n_companies: int, seed: int = 0, progress: Callable | None = None
) -> tuple[list[BusinessRecord], list[OfferRecord]]:
    """`n_businesses` businesses and the 1–3 offers of each of `n_companies` companies."""
    say = progress or (lambda message: None)
    rng = np.random.default_rng(seed)
    pool = PhrasePool(_groups(), rng)
    businesses: list[BusinessRecord] = []
    for start in range(0, n_businesses, CHUNK):
        businesses += _businesses(start + 1, min(CHUNK, n_businesses - start), pool, rng)
        say(f"businesses {len(businesses):,}/{n_businesses:,}")
    offers = _offers(n_companies, pool, rng)
    say(f"offers {len(offers):,} of {n_companies:,} companies")
    return businesses, offers


def _groups() -> dict[str, tuple[str, ...]]:
    groups = {f"{t}:{c}": TRADES[t][c] for t in TRADE_CODES for c in CATEGORIES}
    groups |= {f"title:{t}": titles for t, titles in NEED_TITLES.items()}
    groups |= {f"spec:{t}": specs for t, specs in NEED_SPECS.items()}
    groups |= {
        "chatter": CHATTER,
        "mentoring": MENTORING,
        "mentoring_extra": MENTORING_EXTRA,
        "procurement": PROCUREMENT,
        "programme": PROGRAMME_TITLES,
        "focus": PROGRAMME_FOCUS,
        "notes": PROGRAMME_NOTES,
    }
    return groups


def _weights(values) -> np.ndarray:
    values = np.asarray(values, dtype=float)
    return values / values.sum()


def _names(templates: tuple[str, ...]) -> list[str]:
    return [t.format(s=s, n=n) for t in templates for s in STEMS for n in NICKS[:3]]


def _businesses(first_id: int, n: int, pool: PhrasePool, rng) -> list[BusinessRecord]:
    trade = rng.choice(len(TRADE_CODES), size=n, p=_weights([TRADES[t]["weight"] for t in TRADES]))
    second = rng.choice(len(TRADE_CODES), size=n)
    has_second = (rng.random(n) < 0.25) & (second != trade)
    texts = pool.join(
        pool.pick(_work_groups(trade, second, has_second, pool, rng), rng), 18, 55, rng
    )
    mentoring = _mentoring_texts(n, pool, rng)
    where = rng.choice(len(KECAMATAN), size=n, p=_weights([k[3] for k in KECAMATAN]))
    names = {t: _names(TRADES[t]["names"]) for t in TRADE_CODES}
    name_pick = rng.random(n)
    kbli_pick = rng.random(n)
    unit = np.array([TRADES[t]["unit"][1:] for t in TRADE_CODES], dtype=float)[trade]
    capacity = np.round(np.exp(rng.uniform(np.log(unit[:, 0]), np.log(unit[:, 1]))), -1)
    capacity_known = rng.random(n) < 0.55
    employees = np.clip(1 + rng.lognormal(1.2, 0.7, size=n), 1, 80).astype(int)
    employees_known = rng.random(n) < 0.85
    accepting = rng.random(n) < 0.96
    records = []
    columns = zip(
        trade.tolist(), second.tolist(), has_second.tolist(), where.tolist(), name_pick.tolist(),
        kbli_pick.tolist(), capacity.astype(int).tolist(), capacity_known.tolist(),
        employees.tolist(), employees_known.tolist(), accepting.tolist(), texts, mentoring,
        strict=True,
    )  # fmt: skip
    tags_of: dict[tuple, tuple] = {}
    for i, (t, s, two, k, u, v, cap, cap_ok, emp, emp_ok, ok, text, needs) in enumerate(columns):
        code = TRADE_CODES[t]
        kecamatan, lat, lon, _ = KECAMATAN[k]
        tags = (code, TRADE_CODES[s]) if two else (code,)
        kbli = TRADES[code]["kbli"]
        records.append(
            BusinessRecord(
                id=first_id + i,
                name=names[code][int(u * len(names[code]))],
                kbli=kbli[int(v * len(kbli))],
                lat=lat,
                lon=lon,
                text=text,
                mentoring_needs=needs,
                trade=code,
                tags=tags_of.setdefault(tags, tags),
                capacity_per_month=cap if cap_ok else None,
                employees=emp if emp_ok else None,
                kecamatan=kecamatan,
                accepting=ok,
            )
        )
    return records


def _work_groups(trade, second, has_second, pool: PhrasePool, rng, slots: int = 14) -> np.ndarray:
    """Group ids (n, slots): a pitch first, then products, capabilities, equipment, chatter."""
    n = trade.size
    table = np.array([[pool.group_of[f"{t}:{c}"] for c in CATEGORIES] for t in TRADE_CODES])
    category = rng.choice(5, size=(n, slots), p=[0.0, 0.3, 0.3, 0.2, 0.2])
    category[:, 0] = np.where(rng.random(n) < 0.75, 0, 1)
    trades = np.where(
        has_second[:, None] & (rng.random((n, slots)) < 0.3), second[:, None], trade[:, None]
    )
    groups = table[trades, np.minimum(category, 3)]
    return np.where(category == 4, pool.group_of["chatter"], groups)


def _mentoring_texts(n: int, pool: PhrasePool, rng) -> list[str]:
    needs, extra = pool.group_of["mentoring"], pool.group_of["mentoring_extra"]
    groups = np.where(rng.random((n, 6)) < 0.7, needs, extra)
    texts = pool.join(pool.pick(groups, rng), 8, 25, rng)
    silent = rng.random(n) < 0.10  # many owners leave the field empty
    return ["" if quiet else text for quiet, text in zip(silent.tolist(), texts, strict=True)]


def _offers(n_companies: int, pool: PhrasePool, rng) -> list[OfferRecord]:
    sectors = tuple(SECTORS)
    sector = rng.choice(
        len(sectors), size=n_companies, p=_weights([s[3] for s in SECTORS.values()])
    )
    in_estate = rng.random(n_companies) < 0.65
    estate = rng.choice(len(ESTATES), size=n_companies, p=_weights([e[4] for e in ESTATES]))
    where = rng.choice(len(KECAMATAN), size=n_companies, p=_weights([k[3] for k in KECAMATAN]))
    name_pick = rng.random(n_companies)
    accepting = rng.random(n_companies) < 0.95
    per_company = rng.choice([1, 2, 3], size=n_companies, p=[0.45, 0.35, 0.20])
    company = np.repeat(np.arange(n_companies), per_company)
    n = company.size
    mentoring = rng.random(n) < 0.35
    need_trades = [SECTORS[s][2] for s in sectors]
    choices = np.array([len(ts) for ts in need_trades])[sector[company]]
    width = max(len(ts) for ts in need_trades)
    table = np.array([[TRADE_CODES.index(t) for t in (ts * width)[:width]] for ts in need_trades])
    picked = table[sector[company], (rng.random(n) * choices).astype(int)]
    trade = [TRADE_CODES[t] for t in picked.tolist()]
    titles, texts = _offer_texts(trade, mentoring, pool, rng)
    unit = np.array([TRADES[t]["unit"][1:] for t in trade], dtype=float)
    volume = np.round(np.exp(rng.uniform(np.log(unit[:, 0]), np.log(unit[:, 1]))), -1).astype(int)
    volume_known = rng.random(n) < 0.85
    seats = rng.integers(0, 31, size=n)
    seats_known = rng.random(n) < 0.8
    is_open = rng.random(n) < 0.92
    companies = _companies(sector, in_estate, estate, where, name_pick, accepting)
    records, serial = [], {False: 0, True: 0}
    columns = zip(
        company.tolist(), mentoring.tolist(), trade, titles, texts, volume.tolist(),
        volume_known.tolist(), seats.tolist(), seats_known.tolist(), is_open.tolist(), strict=True,
    )  # fmt: skip
    for c, is_programme, t, title, text, vol, vol_ok, seat, seat_ok, still_open in columns:
        serial[is_programme] += 1
        common = companies[c]
        records.append(
            OfferRecord(
                id=serial[is_programme] * 2 + is_programme,  # the app's offer_key
                kind="mentoring" if is_programme else "subcontracting",
                title=title,
                text=text,
                volume=None if is_programme or not vol_ok else vol,
                volume_unit="" if is_programme else TRADES[t]["unit"][0],
                seats_left=seat if is_programme and seat_ok else None,
                is_open=still_open,
                **common,
            )
        )
    return records


def _companies(sector, in_estate, estate, where, name_pick, accepting) -> list[dict]:
    sectors = tuple(SECTORS)
    names = {
        s: [
            f"PT {p} {w} {x}"
            for p in COMPANY_PREFIXES
            for w in SECTORS[s][1]
            for x in COMPANY_SUFFIXES
        ]
        for s in sectors
    }
    out = []
    columns = zip(
        sector.tolist(), in_estate.tolist(), estate.tolist(), where.tolist(), name_pick.tolist(),
        accepting.tolist(), strict=True,
    )  # fmt: skip
    for i, (s, inside, e, k, u, ok) in enumerate(columns):
        code = sectors[s]
        if inside:
            place, _, lat, lon, _ = ESTATES[e]
        else:
            place, lat, lon, _ = KECAMATAN[k]
        out.append(
            dict(
                company_id=i + 1,
                company_name=names[code][int(u * len(names[code]))],
                kbli=SECTORS[code][0],
                lat=lat,
                lon=lon,
                place=place,
                accepting=ok,
            )
        )
    return out


def _offer_texts(trade: list[str], mentoring: np.ndarray, pool: PhrasePool, rng):
    """(titles, texts): needs 15–40 words of specification, programmes 8–25 of focus."""
    n = len(trade)
    group = pool.group_of
    title_of = np.array([group.get(f"title:{t}", group["title:machining"]) for t in trade])
    spec_of = np.array([group.get(f"spec:{t}", group["spec:machining"]) for t in trade])
    title_groups = np.where(mentoring, group["programme"], title_of)
    titles = [pool.texts[i] for i in pool.pick(title_groups[:, None], rng)[:, 0].tolist()]
    spec = np.where(rng.random((n, 10)) < 0.6, spec_of[:, None], group["procurement"])
    focus = np.where(rng.random((n, 10)) < 0.6, group["focus"], group["notes"])
    focus[:, 0] = group["focus"]
    need_texts = pool.join(pool.pick(spec, rng), 15, 40, rng)
    programme_texts = pool.join(pool.pick(focus, rng), 8, 25, rng)
    texts = [
        p if m else t
        for m, t, p in zip(mentoring.tolist(), need_texts, programme_texts, strict=True)
    ]
    return titles, texts
