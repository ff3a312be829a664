"""Vocabulary for the demo dataset: how Bekasi owners and CSR staff actually write.

Only matchmaker/demo.py reads this. Every KBLI code here exists in the reference
table of its edition (tests/test_demo.py checks them through the profile validator).
"""

# Hand-aligned tables read better than one item per line; ruff format leaves them alone.
# fmt: off
MEN = (
    "Rizky", "Dimas", "Fajar", "Aditya", "Bagus", "Yoga", "Ilham", "Reza", "Andi", "Dedi",
    "Ujang", "Asep", "Cecep", "Udin", "Jajang", "Hendra", "Wahyu", "Arif", "Galih", "Rian",
    "Fikri", "Iqbal", "Ahmad", "Maulana", "Taufik", "Agung", "Bayu", "Eko", "Joko", "Slamet",
    "Rohman", "Syahrul", "Irfan", "Dwi", "Nanda", "Kevin", "Angga", "Sandi", "Rudi", "Haris",
)
MEN_SURNAMES = (
    "Pratama", "Saputra", "Setiawan", "Hidayat", "Nugroho", "Kurniawan", "Wijaya", "Firmansyah",
    "Ramadhan", "Maulana", "Santoso", "Susanto", "Gunawan", "Permana", "Hermawan", "Sopandi",
    "Supriatna", "Suherman", "Mulyana", "Hakim", "Fauzi", "Syahputra",
)
WOMEN = ("Siti", "Nur", "Dewi", "Ayu", "Putri", "Rina", "Lina", "Indah", "Fitri", "Wulan", "Neng",
         "Nabila", "Salsa")
WOMEN_SURNAMES = ("Rahmawati", "Lestari", "Anggraini", "Sari", "Utami", "Handayani",
                  "Kusumawati", "Nurhayati", "Aulia", "Fitriani")
NICKNAMES = ("Pak Udin", "Bang Jali", "Mas Rian", "Kang Asep", "Pak Slamet", "Bang Roni",
             "Mas Eko", "Kang Ujang", "Pak Haji Dul", "Bang Opik", "Mas Bayu", "Kang Dedi")
STEMS = (
    "Sinar Jaya", "Barokah", "Maju Bersama", "Putra Mandiri", "Karya Abadi", "Sumber Rejeki",
    "Mitra Teknik", "Berkah Jaya", "Cahaya Logam", "Dua Saudara", "Anugrah", "Sejahtera",
    "Harapan Baru", "Bintang Timur", "Rajawali", "Makmur Sentosa", "Jaya Abadi", "Tunas Muda",
    "Family", "Al-Hidayah", "Tiga Putra", "Bumi Asih", "Sinar Harapan", "Mega Karya",
    "Restu Ibu", "Lancar Jaya", "Bina Usaha", "Cipta Mandiri", "Sentosa", "Amanah",
)
# Telkomsel, Indosat, XL, Axis, Tri and Smartfren prefixes (08xx without the 0).
MOBILE_PREFIXES = ("811", "812", "813", "821", "822", "852", "853", "814", "815", "856", "857",
                   "858", "817", "818", "819", "859", "877", "878", "838", "831", "895", "896",
                   "897", "898", "881", "882")
STREETS = ("Jl. Raya {kec}", "Kp. Pulo RT 002/RW 004", "Gg. Masjid", "Jl. Industri",
           "Kp. Babakan RT 001/RW 003", "Jl. Irigasi", "Perum Griya Asri Blok C", "Jl. Pasar Lama")

# Where WUB trainees are, roughly: most live near the estates (Cikarang, Tambun, Cibitung)
# and the old metal centres (Setu, Binong in Cikarang Timur); few in the northern coast.
KECAMATAN_WEIGHTS = {
    "Cikarang Barat": 14, "Cikarang Utara": 12, "Tambun Selatan": 12, "Cibitung": 11,
    "Setu": 9, "Cikarang Timur": 8, "Cikarang Selatan": 8, "Cikarang Pusat": 6,
    "Tambun Utara": 6, "Serang Baru": 5, "Karang Bahagia": 4, "Cibarusah": 4, "Tarumajaya": 4,
    "Babelan": 4, "Kedung Waringin": 3, "Sukatani": 3, "Sukakarya": 2, "Tambelang": 2,
    "Pebayuran": 2, "Bojongmangu": 2, "Sukawangi": 1, "Cabangbungin": 1, "Muaragembong": 1,
}
KECAMATAN_BOOST = {
    "metal_crafts": {"Setu": 35, "Cikarang Timur": 10},
    "copper_crafts": {"Setu": 14, "Cikarang Timur": 6},
    "casting": {"Cikarang Timur": 14, "Setu": 4},
    "welding": {"Cikarang Timur": 4}, "sheet_metal": {"Cikarang Timur": 4},
    "machining": {"Cikarang Timur": 3},
}
_METAL = ("machining", "welding", "sheet_metal", "casting", "metal_crafts", "copper_crafts")
# kecamatan -> (trades it applies to, the sentence owners there add about their centre)
CLUSTER_NOTES = {
    "Setu": (("metal_crafts", "copper_crafts", "casting"),
             "Bagian dari perajin logam Setu yang dulu terkenal, sekarang order sepi karena kalah "
             "saing sama daerah lain. Butuh inovasi desain dan mitra tetap."),
    "Cikarang Timur": (_METAL, "Anggota sentra logam Binong, Cikarang Timur."),
}

DESTINATIONS = {
    "cepogo": "magang kerajinan logam di Cepogo, Boyolali (teori, harga bahan baku, target "
              "pemasaran)",
    "boyolali": "pelatihan kerajinan tembaga di Boyolali",
    "bogor": "pelatihan permesinan dan otomotif di Bogor",
    "dinamo": "magang gulung dinamo di Kampung Dinamo, Surabaya",
    "jepara": "studi banding kerajinan di Jepara",
}
EXTRA_TRAINING = (
    "BLK Cikarang: las SMAW ({y})", "Bimtek K3 bengkel dari Disnaker ({y})",
    "Pelatihan digital marketing UMKM ({y})", "Kursus CNC dasar di LPK ({y})",
    "Pelatihan pembukuan sederhana Dinas Koperasi ({y})", "Workshop gambar teknik & QC ({y})",
)
CERTIFICATIONS = ("NIB (OSS)", "NIB (OSS)", "NPWP usaha", "Sertifikat pelatihan WUB Disperin",
                  "Sedang urus ISO 9001:2015", "SNI belum, masih proses")
MENTORING_NEEDS = (
    "pembukuan & hitung HPP", "cara daftar jadi vendor pabrik", "QC dan baca gambar teknik",
    "akses modal KUR", "pemasaran online (marketplace, IG)", "K3 bengkel",
    "desain produk biar bisa bersaing", "manajemen produksi, biar kirim tepat waktu",
    "foto produk & katalog", "upgrade mesin ke CNC", "legalitas usaha (NIB, NPWP)",
)
NEEDS_PREFIX = ("", "", "Butuh bimbingan ", "Pengen belajar ", "Mohon dibantu ")
CLOSINGS = ("Siap lembur kalau order lagi banyak.", "Harga bersaing, kualitas dijaga.",
            "Pengen jadi vendor tetap pabrik.", "Mohon bimbingannya.", "Melayani pesanan satuan.",
            "Akses truk bisa masuk.", "Dekat pintu tol, kirim barang gampang.", "")

# trade code -> vocabulary. kbli: 2020 codes; kbli_2025: codes used for the ~10% of
# businesses registered under the new edition; units: (unit, low, high); dest: training.
TRADES = {
    "machining": dict(
        weight=16, dest=("bogor",), kbli=("25920", "25920", "33121", "28140"), kbli_2025=("25920",),
        names=("Bengkel Bubut {stem}", "Bubut & Frais {stem}", "{stem} Teknik", "CV {stem} Presisi",
               "Bubut {nick}"),
        pitch=("Usaha bubut kecil, terima pesanan satuan maupun borongan.",
               "Bengkel bubut & frais, biasa garap sparepart mesin pabrik sekitar."),
        products=("as/poros", "bushing", "mur baut custom", "roda gigi (gear)", "pulley", "flange",
                  "sparepart mesin produksi", "jig & fixture", "pin dan shaft", "dies sederhana"),
        capabilities=("bisa bubut as, bushing, dll", "frais alur pasak", "bubut CNC sesuai drawing",
                      "toleransi sampai 0,02 mm", "bisa kerjakan dari gambar atau contoh barang",
                      "repair shaft aus (las + bubut ulang)", "reverse engineering sparepart"),
        equipment=("{n} mesin bubut manual", "1 mesin frais", "1 CNC lathe (bekas, masih bagus)",
                   "mesin bor duduk", "mesin skrap", "jangka sorong & mikrometer"),
        units=(("pcs/bulan", 200, 3000),), cert="Sertifikat BNSP operator mesin bubut"),
    "welding": dict(
        weight=14, dest=("bogor",), kbli=("25920", "25119", "33119", "25111"), kbli_2025=("25119",),
        names=("Las Listrik {stem}", "Bengkel Las {nick}", "{stem} Las & Fabrikasi",
               "CV {stem} Steel", "Las Karbit & Listrik {stem}"),
        pitch=("Bengkel las & fabrikasi, biasa bikin rak dan trolley buat pabrik.",
               "Terima kerjaan las kecil sampai konstruksi ringan."),
        products=("rak besi", "trolley pabrik", "pagar & kanopi", "tangga besi", "jig las",
                  "konstruksi baja ringan", "tralis", "meja kerja stainless", "railing tangga"),
        capabilities=("welding SMAW, MIG, TIG", "las stainless dan aluminium",
                      "fabrikasi sesuai gambar", "bisa kerja onsite di pabrik",
                      "potong & tekuk plat tipis", "welder sudah sertifikat 3G"),
        equipment=("{n} mesin las inverter", "1 mesin las MIG", "1 mesin las TIG",
                   "gerinda potong", "bor magnet", "tabung argon & CO2"),
        units=(("unit/bulan", 10, 150), ("kg/bulan", 500, 5000)),
        cert="Sertifikat BNSP juru las 3G SMAW"),
    "sheet_metal": dict(
        weight=9, dest=("bogor",), kbli=("25910", "25910", "25940", "25920"), kbli_2025=("25910",),
        names=("{stem} Plat Press", "Bengkel Plat {stem}", "CV {stem} Metal Forming",
               "Tekuk Plat {nick}"),
        pitch=("Usaha plat & stamping skala kecil.", "Spesialis tekuk dan potong plat."),
        products=("bracket", "box panel listrik", "cover mesin", "komponen stamping", "casing",
                  "talang & ducting", "washer/ring plat"),
        capabilities=("tekuk (bending) plat sampai 3 mm", "stamping press 25 ton",
                      "punching lubang", "potong plat pakai shearing", "sheet metal sesuai drawing",
                      "bisa sampai finishing cat"),
        equipment=("mesin tekuk plat manual", "{n} mesin press 25 ton", "mesin shearing",
                   "mesin roll plat", "spot welding"),
        units=(("pcs/bulan", 500, 10000),), cert=""),
    "plating": dict(
        weight=6, dest=("bogor",), kbli=("25920",), kbli_2025=("25920",),
        names=("{stem} Powder Coating", "Krom & Plating {stem}", "Galvanis {stem}",
               "Cat Oven {nick}"),
        pitch=("Jasa powder coating dan plating.", "Pelapisan logam: krom, nikel, galvanis."),
        products=("powder coating rak & pagar", "krom velg & sparepart motor", "galvanis baut",
                  "nikel plating", "cat oven", "zinc plating", "sandblasting"),
        capabilities=("powder coating warna sesuai RAL", "plating krom, nikel, tembaga",
                      "pickling (bersihin karat) sebelum coating", "oven panjang 3 meter",
                      "bisa ambil barang ke pabrik"),
        equipment=("oven powder coating 3 m", "booth semprot", "{n} bak elektroplating",
                   "rectifier 500 A", "kompresor", "mesin sandblast"),
        units=(("pcs/bulan", 300, 5000), ("m2/bulan", 200, 2000)), cert=""),
    "casting": dict(
        weight=6, dest=("cepogo", "bogor"), kbli=("24310", "24320", "24320"), kbli_2025=("24320",),
        names=("Pengecoran Logam {stem}", "Cor Aluminium {stem}", "Cor Kuningan {nick}",
               "{stem} Casting"),
        pitch=("Pengecoran aluminium & kuningan skala rumahan.",
               "Usaha cor logam pakai cetak pasir."),
        products=("cor aluminium (pulley, rumah pompa)", "cor kuningan (keran, ornamen)",
                  "cor besi (pemberat)", "impeller pompa", "handle & knob",
                  "bahan setengah jadi untuk dibubut"),
        capabilities=("sand casting", "lebur aluminium bekas", "bikin pola kayu & resin",
                      "finishing bubut lewat bengkel mitra", "tungku 100 kg sekali lebur"),
        equipment=("tungku lebur drum oli", "{n} tungku krusibel", "cetakan pasir", "blower",
                   "timbangan 300 kg"),
        units=(("kg/bulan", 300, 5000),), cert=""),
    "electronics": dict(
        weight=10, dest=("dinamo", "bogor"), kbli=("95210", "26120", "27320", "33149", "27120"),
        kbli_2025=("95210", "33149"),
        names=("{stem} Elektronik", "Servis Elektronik {nick}", "CV {stem} Elektrika",
               "{stem} Panel & Wiring"),
        pitch=("Servis elektronik dan rakit panel.", "Teknisi elektronik, biasa dipanggil pabrik."),
        products=("servis inverter & PLC", "wiring harness", "rakit panel listrik",
                  "perakitan PCB sederhana", "lampu LED custom", "servis TV & audio"),
        capabilities=("solder SMD dan THT", "perbaikan PCB mesin produksi",
                      "wiring panel sesuai single line diagram", "troubleshooting PLC dasar",
                      "instalasi listrik pabrik kecil"),
        equipment=("solder station", "multimeter & clamp meter", "osiloskop", "hot air rework",
                   "{n} meja kerja ESD", "crimping tool set"),
        units=(("unit/bulan", 20, 400), ("set/bulan", 50, 1000)),
        cert="Sertifikat teknisi elektronika (LPK)"),
    "rewinding": dict(
        weight=9, dest=("dinamo",), kbli=("33141",), kbli_2025=("33141",),
        names=("Gulung Dinamo {nick}", "Rewinding {stem}", "{stem} Dinamo",
               "Bengkel Dinamo {stem}"),
        pitch=("Gulung dinamo segala ukuran.", "Servis & rewinding motor listrik."),
        products=("gulung ulang dinamo pompa air", "rewinding motor listrik 3 phase",
                  "servis dinamo kipas & mesin jahit", "ganti bearing motor", "gulung trafo las",
                  "servis dinamo starter & alternator"),
        capabilities=("rewinding motor 0,5-30 HP", "kawat email standar pabrik",
                      "tes insulasi pakai megger", "bisa pickup motor dari pabrik",
                      "garansi 3 bulan"),
        equipment=("mesin gulung manual", "{n} mesin gulung semi otomatis", "megger",
                   "oven pengering vernis", "treker bearing"),
        units=(("unit/bulan", 20, 200),), cert=""),
    "automotive": dict(
        weight=14, dest=("bogor",), kbli=("45407", "45407", "45201", "45201", "30912"),
        kbli_2025=("95320", "95311"),
        names=("Bengkel Motor {stem}", "{stem} Motor", "Bengkel Mobil {stem}",
               "{nick} Auto Service"),
        pitch=("Bengkel motor & mobil.", "Bengkel umum, langganan karyawan pabrik sekitar."),
        products=("servis rutin motor", "turun mesin", "spooring balancing", "servis AC mobil",
                  "bubut blok & korter", "aksesori motor (breket, footstep)",
                  "kelistrikan kendaraan"),
        capabilities=("servis injeksi pakai scanner", "overhaul mesin", "spesialis motor matic",
                      "servis kendaraan operasional pabrik", "servis mobil diesel"),
        equipment=("{n} lift motor", "scanner injeksi", "kompresor", "tool set lengkap",
                   "lift mobil", "mesin korter"),
        units=(("unit/bulan", 30, 400),), cert="Sertifikat BNSP mekanik sepeda motor"),
    "metal_crafts": dict(
        weight=9, dest=("cepogo", "jepara"), kbli=("32903", "25999", "25993"), kbli_2025=("25999",),
        names=("Kerajinan Logam {stem}", "Besi Tempa {nick}", "{stem} Craft",
               "Kerajinan Logam {kec}"),
        pitch=("Kerajinan logam: souvenir, plakat, ornamen.", "Perajin besi tempa & ornamen."),
        products=("plakat & trofi", "souvenir logam", "lampu hias besi", "ornamen pagar",
                  "kaligrafi logam", "gantungan kunci", "hiasan dinding"),
        capabilities=("ukir & tatah", "desain custom logo perusahaan", "finishing antik / doff",
                      "grafir nama", "laser cutting lewat partner", "bisa pesanan souvenir acara"),
        equipment=("alat tatah", "{n} meja kerja", "las listrik", "gerinda", "mesin poles"),
        units=(("pcs/bulan", 50, 1500),), cert=""),
    "copper_crafts": dict(
        weight=6, dest=("boyolali", "cepogo"), kbli=("32903", "32120", "25999"),
        kbli_2025=("25999",),
        names=("Kerajinan Tembaga {stem}", "Tembaga & Kuningan {nick}", "{stem} Copper Art",
               "Kerajinan Tembaga {kec}"),
        pitch=("Kerajinan tembaga & kuningan tatah.",
               "Perajin tembaga, alumni pelatihan Boyolali."),
        products=("wastafel tembaga", "lampu gantung tembaga", "kubah masjid", "vas & guci",
                  "plakat kuningan", "kaligrafi tembaga", "teko & cangkir"),
        capabilities=("tatah tembaga", "patina & finishing antik", "ukir relief",
                      "pesanan custom dari foto", "sepuh kuningan"),
        equipment=("palu & tatah set", "landasan", "{n} kompor patri", "mesin poles"),
        units=(("pcs/bulan", 20, 400),), cert=""),
    "other": dict(
        weight=5, dest=("jepara", "bogor"), kbli=("33121", "31004", "33200", "22293"),
        kbli_2025=("33121",),
        names=("{stem} Teknik Mandiri", "CV {stem} Serbaguna", "{stem} Furnitur Besi",
               "Bengkel {stem}"),
        pitch=("Usaha teknik serbaguna.", "Furnitur besi dan perawatan mesin."),
        products=("furnitur besi (kursi, meja)", "perawatan mesin produksi", "instalasi mesin",
                  "komponen plastik teknik", "mesin tepat guna (pencacah, pemotong)"),
        capabilities=("perawatan & perbaikan mesin umum", "bongkar pasang mesin pabrik",
                      "rakit mesin tepat guna", "gambar sederhana pakai AutoCAD"),
        equipment=("toolset mekanik", "{n} las listrik", "bor tangan", "chain block"),
        units=(("unit/bulan", 10, 200),), cert=""),
}

# --- companies -------------------------------------------------------------------------
ESTATE_WEIGHTS = {
    "Jababeka": 9, "MM2100": 8, "BFIE (MM2100 perluasan)": 4, "EJIP": 6, "Lippo Cikarang": 5,
    "BIIE (Hyundai)": 4, "GIIC Deltamas": 6, "KITIC": 2, "Marunda Center": 3, "Gobel Cibitung": 3,
}
# Which sectors sit in which estate, from the tenant examples in reference/data/estates.csv.
ESTATE_SECTORS = {
    "Jababeka": ("auto", "food", "packaging", "electric", "appliance"),
    "MM2100": ("auto", "moto", "electronics", "electric", "gear"),
    "BFIE (MM2100 perluasan)": ("auto", "packaging", "appliance", "pump"),
    "EJIP": ("electronics", "auto", "gear", "cable"),
    "Lippo Cikarang": ("auto", "tyre", "food", "appliance"),
    "BIIE (Hyundai)": ("auto", "electronics", "moto"),
    "GIIC Deltamas": ("vehicle", "auto", "moto", "tyre", "dairy"),
    "KITIC": ("electric", "appliance", "battery"),
    "Marunda Center": ("steel", "drum", "packaging"),
    "Gobel Cibitung": ("electronics", "battery", "appliance"),
}
COMPANY_PREFIXES = ("Cakra", "Nusa", "Bumi", "Graha", "Tirta", "Karya", "Citra", "Surya", "Mitra",
                    "Sentra", "Wahana", "Pilar", "Adhi", "Buana", "Cipta", "Lintas", "Garuda",
                    "Patria", "Kencana", "Arta", "Samudra", "Harapan", "Dirgantara", "Sakura")
COMPANY_SUFFIXES = ("Indonesia", "Indonesia", "Manufacturing", "Industries", "Cikarang",
                    "Nusantara")
# sector -> (KBLI 2020, name words, what they make, the needs they post)
SECTORS = {
    "auto": ("29300", ("Komponen Otomotif", "Autocomp", "Presisi Komponen", "Auto Parts"),
             ("komponen stamping body", "sistem rem dan kopling", "sistem knalpot",
              "komponen mesin presisi", "kursi dan interior"),
             ("bushing", "stamping", "jig", "coating", "rewind", "guard", "plakat")),
    "moto": ("30912", ("Moto Parts", "Komponen Roda Dua", "Rangka Motor"),
             ("rangka dan knalpot sepeda motor", "velg dan komponen kaki-kaki motor"),
             ("bushing", "coating", "casting", "fleet", "trolley")),
    "vehicle": ("29101", ("Motor Assembly", "Kendaraan Niaga", "Automotive"),
                ("perakitan kendaraan niaga ringan", "perakitan mobil penumpang"),
                ("jig", "trolley", "fleet", "guard", "plakat", "rewind")),
    "electronics": ("26120", ("Elektronika", "Electronic Components", "Denshi"),
                    ("komponen elektronik dan PCB assembly", "kapasitor dan komponen pasif"),
                    ("pcb", "harness", "trolley", "rewind", "plakat")),
    "electric": ("27111", ("Motor Listrik", "Electric Motor", "Dinamo"),
                 ("motor listrik industri", "pompa dan motor 3 phase"),
                 ("rewind", "casting", "bushing", "pcb")),
    "cable": ("27320", ("Kabel", "Wiring Systems", "Cable"),
              ("kabel listrik dan wiring harness otomotif",), ("harness", "trolley", "rewind")),
    "gear": ("28140", ("Gear", "Transmisi", "Power Transmission"),
             ("roda gigi dan komponen transmisi industri",), ("bushing", "casting", "coating")),
    "pump": ("28130", ("Pompa", "Valve", "Fluida Teknik"),
             ("pompa, kompresor dan katup industri",), ("casting", "bushing", "rewind")),
    "appliance": ("27510", ("Elektrik Rumah Tangga", "Home Appliances"),
                  ("kipas angin dan rice cooker", "peralatan listrik rumah tangga"),
                  ("stamping", "coating", "pcb", "trolley")),
    "battery": ("27202", ("Akumulator", "Battery", "Energi Listrik"),
                ("aki kendaraan (akumulator)",), ("casting", "trolley", "guard", "rewind")),
    "tyre": ("22111", ("Ban", "Tyre", "Rubber Industries"),
             ("ban kendaraan roda dua dan empat",), ("rewind", "guard", "fleet", "plakat")),
    "packaging": ("22220", ("Plastik Kemasan", "Packaging", "Plasindo"),
                  ("botol dan preform plastik", "kemasan plastik fleksibel"),
                  ("rewind", "trolley", "guard", "pcb")),
    "food": ("10799", ("Pangan", "Food Industries", "Snack"),
             ("makanan ringan dan biskuit", "bumbu dan makanan olahan"),
             ("stainless", "rewind", "trolley", "plakat")),
    "dairy": ("10510", ("Susu", "Dairy"), ("susu cair dan susu olahan",),
              ("stainless", "rewind", "fleet")),
    "steel": ("24102", ("Steel", "Baja", "Metal Service"), ("baja lembaran dan coil",),
              ("rewind", "guard", "fleet", "jig")),
    "drum": ("25940", ("Drum", "Container", "Kemasan Logam"), ("drum dan kaleng logam",),
             ("stamping", "coating", "rewind")),
}
COMPANY_DESCRIPTIONS = (
    "Produsen {what}, tenant {estate} sejak {year}. Memasok pabrikan nasional dan ekspor.",
    "Pabrik {what} di {estate}. Program CSR kami fokus pada UMKM dan bengkel sekitar kawasan.",
    "Kami memproduksi {what}. Departemen procurement terbuka untuk vendor lokal Kab. Bekasi.",
)
# need key -> (title, description, unit, low, high)
NEEDS = {
    "bushing": ("Bubut bushing dan pin jig", "Bushing S45C dan pin SKD11, toleransi ±0,02 mm, "
                "gambar kerja dari tim engineering.", "pcs/bulan", 200, 3000),
    "stamping": ("Stamping bracket & washer", "Bracket plat SPCC 2 mm dan washer, "
                 "termasuk deburring. Material bisa dari kami.", "pcs/bulan", 1000, 10000),
    "jig": ("Fabrikasi jig & fixture las", "Jig las untuk line assembly, hollow + plat, "
            "dicek dimensi sebelum kirim.", "unit", 5, 40),
    "coating": ("Powder coating bracket dan cover", "Powder coating hitam doff, ketebalan "
                "60-80 mikron, tahan salt spray.", "pcs/bulan", 500, 5000),
    "rewind": ("Rewinding motor listrik conveyor", "Gulung ulang motor 3 phase 1-15 HP dari "
               "line produksi, termasuk ganti bearing dan tes megger.", "unit/bulan", 5, 40),
    "guard": ("Safety guard dan cover mesin", "Safety guard plat perforated + frame siku "
              "untuk mesin press, sesuai standar K3.", "unit", 10, 60),
    "plakat": ("Souvenir plakat tembaga untuk tamu", "Plakat tembaga/kuningan dengan logo "
               "perusahaan untuk kunjungan tamu dan HUT pabrik.", "pcs", 50, 300),
    "trolley": ("Trolley & rak material", "Trolley besi hollow 40x40 roda PU, finishing "
                "powder coating, sesuai drawing.", "unit", 20, 200),
    "casting": ("Cor aluminium housing & pulley", "Housing dan pulley cor aluminium ADC12, "
                "bebas porositas, siap dibubut.", "kg/bulan", 300, 3000),
    "pcb": ("Perbaikan PCB dan panel kontrol mesin", "Repair board kontrol & inverter mesin "
            "produksi, respon maksimal 2x24 jam.", "unit/bulan", 5, 30),
    "harness": ("Sub-assy wiring harness", "Potong, kupas, crimping dan rakit harness "
                "sederhana sesuai drawing.", "set/bulan", 500, 5000),
    "fleet": ("Servis kendaraan operasional", "Servis berkala motor operasional dan mobil "
              "pickup pabrik, termasuk ganti oli.", "unit/bulan", 10, 60),
    "stainless": ("Meja dan rak stainless food grade", "Meja kerja dan rak SUS304 untuk area "
                  "produksi pangan, las TIG rapi.", "unit", 10, 80),
}
PROGRAMMES = (
    ("Program Bengkel Binaan", "Mutu dan ketepatan kirim: 5S, QC dasar, baca gambar teknik",
     "Pendampingan 6 bulan oleh tim QA, kunjungan bengkel 2x sebulan, peluang jadi vendor lokal."),
    ("Kelas Vendor Lokal", "Registrasi vendor, penawaran harga, hitung HPP, invoice & pajak",
     "Kelas bulanan bersama tim procurement untuk UMKM yang ingin masuk daftar supplier."),
    ("K3 dan 5S untuk UMKM Logam", "K3 bengkel las & bubut, APD, 5S",
     "Pelatihan dan audit K3 sederhana di bengkel peserta, APD diberikan gratis."),
    ("Inkubator Kerajinan Logam", "Desain produk, katalog, souvenir korporat, pemasaran online",
     "Membantu perajin logam dan tembaga (termasuk Setu) membuat produk baru untuk pasar "
     "korporat."),
    ("Magang Teknisi Rewinding & Listrik", "Rewinding motor, pengukuran insulasi, panel",
     "Magang 3 bulan di bagian maintenance kami untuk teknisi gulung dinamo dan listrik."),
    ("Pendampingan Digitalisasi UMKM", "Pembukuan digital, marketplace, foto produk",
     "Relawan karyawan mendampingi UMKM binaan go digital."),
    ("Kaizen untuk Bengkel Kecil", "Kaizen, efisiensi proses, tata letak bengkel",
     "Coaching oleh tim produksi: kurangi waste, atur layout, catat OEE sederhana."),
)
# fmt: on
