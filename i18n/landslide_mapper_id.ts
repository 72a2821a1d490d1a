<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="144"/>
        <source>Landslide Mapper - dependencies</source>
        <translation>Landslide Mapper - dependensi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="156"/>
        <source>CPU build (onnxruntime): works on every computer</source>
        <translation>Build CPU (onnxruntime): berjalan di semua komputer</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="157"/>
        <source>GPU build (onnxruntime-gpu): needs an NVIDIA GPU with CUDA 12 and cuDNN 9</source>
        <translation>Build GPU (onnxruntime-gpu): memerlukan GPU NVIDIA dengan CUDA 12 dan cuDNN 9</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="163"/>
        <source>Also install PyTorch (optional, about 200 MB: gradient saliency maps and training models)</source>
        <translation>Pasang juga PyTorch (opsional, sekitar 200 MB: peta saliency gradien dan pelatihan model)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="177"/>
        <source>Install</source>
        <translation>Pasang</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="186"/>
        <source>Packages are installed into the plugin&apos;s own folder:</source>
        <translation>Paket dipasang ke folder milik plugin sendiri:</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="187"/>
        <source>The numpy used by QGIS is never changed.</source>
        <translation>numpy yang digunakan QGIS tidak pernah diubah.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="189"/>
        <source>found</source>
        <translation>ditemukan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="189"/>
        <source>missing</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="190"/>
        <source>required</source>
        <translation>wajib</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="190"/>
        <source>optional</source>
        <translation>opsional</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="194"/>
        <source>Landslide detection needs onnxruntime. Choose a build and press Install.</source>
        <translation>Deteksi longsor memerlukan onnxruntime. Pilih build lalu tekan Pasang.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="250"/>
        <source>Removed the other onnxruntime build:</source>
        <translation>Build onnxruntime yang lain telah dihapus:</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="241"/>
        <source>Could not start Python for pip:</source>
        <translation>Python untuk pip tidak dapat dijalankan:</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="254"/>
        <source>pip failed (exit code {code}). The lines above say why; a network proxy or an offline computer are common causes.</source>
        <translation>pip gagal (kode keluar {code}). Baris di atas menjelaskan sebabnya; proxy jaringan atau komputer yang luring adalah penyebab umum.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="270"/>
        <source>Installed. If onnxruntime was already loaded, restart QGIS to use the new build.</source>
        <translation>Terpasang. Jika onnxruntime sudah dimuat, mulai ulang QGIS untuk memakai build yang baru.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="59"/>
        <source>Runs are saved beside the project.</source>
        <translation>Hasil proses disimpan di samping proyek.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="60"/>
        <source>The project is not saved yet, so runs are saved in your home folder.</source>
        <translation>Proyek belum disimpan, jadi hasil proses disimpan di folder rumah Anda.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="57"/>
        <source>Landslide Mapper</source>
        <translation>Pemeta Longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="110"/>
        <source>Detect</source>
        <translation>Deteksi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="114"/>
        <source>Review</source>
        <translation>Tinjau</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="120"/>
        <source>Input layers</source>
        <translation>Layer masukan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="124"/>
        <source>Optical imagery (RGB or multispectral) to search for landslides</source>
        <translation>Citra optis (RGB atau multispektral) tempat mencari longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="127"/>
        <source>(no DEM)</source>
        <translation>(tanpa DEM)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="128"/>
        <source>Digital elevation model; aligned to the image grid automatically</source>
        <translation>Model elevasi digital; diselaraskan ke grid citra secara otomatis</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="85"/>
        <source>Image</source>
        <translation>Citra</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="84"/>
        <source>DEM</source>
        <translation>DEM</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="108"/>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="141"/>
        <source>Other...</source>
        <translation>Lainnya...</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="142"/>
        <source>Use an ONNX model file exported with the Landslide Mapper model zoo</source>
        <translation>Gunakan berkas model ONNX yang diekspor dengan kumpulan model Landslide Mapper</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="154"/>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="161"/>
        <source>Draw rectangle on the map</source>
        <translation>Gambar persegi di peta</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="164"/>
        <source>Process</source>
        <translation>Proses</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="83"/>
        <source>Polygons</source>
        <translation>Poligon</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="170"/>
        <source>Detection settings</source>
        <translation>Pengaturan deteksi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="180"/>
        <source>model&apos;s own</source>
        <translation>bawaan model</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="177"/>
        <source>Probability above which a pixel counts as landslide</source>
        <translation>Probabilitas di atas nilai ini membuat piksel dihitung sebagai longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="182"/>
        <source>Overlap between neighbouring tiles; blended so no seams show</source>
        <translation>Tumpang tindih antar-ubin yang bersebelahan; dipadukan sehingga tidak ada sambungan yang terlihat</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="185"/>
        <source>Tiles per batch: higher is faster on a GPU, uses more memory</source>
        <translation>Ubin per batch: lebih besar lebih cepat di GPU, memakai lebih banyak memori</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="195"/>
        <source>Test-time augmentation</source>
        <translation>Augmentasi saat uji</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="196"/>
        <source>Average 8 flips/rotations of every tile: steadier results and an uncertainty layer, about 8 times slower</source>
        <translation>Merata-ratakan 8 pembalikan/rotasi setiap ubin: hasil lebih stabil dan lapisan ketidakpastian, sekitar 8 kali lebih lambat</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="198"/>
        <source>Saliency map</source>
        <translation>Peta saliensi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="199"/>
        <source>A heat map of the pixels that drove the model&apos;s decision</source>
        <translation>Peta panas piksel-piksel yang menentukan keputusan model</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="200"/>
        <source>Threshold</source>
        <translation>Ambang batas</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="201"/>
        <source>Tile overlap</source>
        <translation>Tumpang tindih ubin</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="202"/>
        <source>Batch size</source>
        <translation>Ukuran batch</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="125"/>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="216"/>
        <source>Drop detections smaller than this</source>
        <translation>Buang deteksi yang lebih kecil dari ini</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="221"/>
        <source>Simplify outlines by this tolerance (0: keep pixel edges)</source>
        <translation>Sederhanakan garis batas dengan toleransi ini (0: pertahankan tepi piksel)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="222"/>
        <source>Minimum area</source>
        <translation>Luas minimum</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="223"/>
        <source>Simplify</source>
        <translation>Sederhanakan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="226"/>
        <source>Output</source>
        <translation>Keluaran</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="68"/>
        <source>Detect landslides</source>
        <translation>Deteksi longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="246"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="258"/>
        <source>The last run&apos;s report appears here.</source>
        <translation>Laporan proses terakhir muncul di sini.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="260"/>
        <source>Last run</source>
        <translation>Proses terakhir</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="299"/>
        <source>Models could not be listed: {error}</source>
        <translation>Model tidak dapat didaftar: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="304"/>
        <source>No models found. Use &apos;Other...&apos; to pick an ONNX model file.</source>
        <translation>Tidak ada model ditemukan. Gunakan 'Lainnya...' untuk memilih berkas model ONNX.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="311"/>
        <source>image + DEM</source>
        <translation>citra + DEM</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="311"/>
        <source>image only</source>
        <translation>citra saja</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="317"/>
        <source>Choose an ONNX model</source>
        <translation>Pilih model ONNX</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="317"/>
        <source>ONNX models (*.onnx)</source>
        <translation>Model ONNX (*.onnx)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="329"/>
        <source>This model cannot be used</source>
        <translation>Model ini tidak dapat digunakan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="359"/>
        <source>Available: {providers}</source>
        <translation>Tersedia: {providers}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="362"/>
        <source>no GPU build or no NVIDIA GPU: runs on the CPU</source>
        <translation>tidak ada build GPU atau GPU NVIDIA: berjalan di CPU</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="365"/>
        <source>onnxruntime is not installed: use Plugins ▸ Raster ▸ Landslide Mapper ▸ Check dependencies.</source>
        <translation>onnxruntime belum terpasang: gunakan Plugin ▸ Raster ▸ Landslide Mapper ▸ Periksa dependensi.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="377"/>
        <source>Required by this model</source>
        <translation>Diperlukan oleh model ini</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="377"/>
        <source>This model uses the image only</source>
        <translation>Model ini hanya memakai citra</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="383"/>
        <source>model&apos;s own ({t:.2f})</source>
        <translation>bawaan model ({t:.2f})</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="384"/>
        <source>model&apos;s own ({o} px)</source>
        <translation>bawaan model ({o} px)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="452"/>
        <source>{n} feature(s) selected</source>
        <translation>{n} fitur dipilih</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="454"/>
        <source>Rectangle drawn</source>
        <translation>Persegi panjang sudah digambar</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="454"/>
        <source>No rectangle drawn yet</source>
        <translation>Belum ada persegi panjang yang digambar</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="456"/>
        <source>The part of the image visible on the map when you press Detect</source>
        <translation>Bagian citra yang terlihat di peta saat Anda menekan Deteksi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="468"/>
        <source>Drag a rectangle on the map</source>
        <translation>Seret sebuah persegi panjang di peta</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="487"/>
        <source>There is no map canvas to take the extent from.</source>
        <translation>Tidak ada kanvas peta untuk diambil luasannya.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="493"/>
        <source>No rectangle is drawn. Press &apos;Draw rectangle on the map&apos; and drag one, or choose another area.</source>
        <translation>Belum ada persegi panjang yang digambar. Tekan 'Gambar persegi panjang di peta' lalu seret satu, atau pilih area lain.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="500"/>
        <source>No polygon is selected. Select the area&apos;s polygons in a polygon layer, or choose another area.</source>
        <translation>Tidak ada poligon yang dipilih. Pilih poligon area tersebut di lapisan poligon, atau pilih area lain.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="519"/>
        <source>The selected polygons could not be saved: {error}</source>
        <translation>Poligon yang dipilih tidak dapat disimpan: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="623"/>
        <source>Each run gets its own subfolder here.</source>
        <translation>Setiap proses mendapat subfolder sendiri di sini.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="629"/>
        <source>This is a temporary folder: results may be deleted when the computer restarts.</source>
        <translation>Ini folder sementara: hasil dapat terhapus saat komputer dimulai ulang.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="638"/>
        <source>Choose an image layer. Add your imagery to the project first.</source>
        <translation>Pilih layer citra. Tambahkan citra Anda ke proyek terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="641"/>
        <source>Layer '{name}' is not a raster file on disk (it comes from '{provider}'). Save it with Export ▸ Save As... as a GeoTIFF and choose the copy.</source>
        <translation>Lapisan '{name}' bukan berkas raster di disk (berasal dari '{provider}'). Simpan dengan Ekspor ▸ Simpan Sebagai... sebagai GeoTIFF lalu pilih salinannya.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="646"/>
        <source>Choose a model, or pick an ONNX model file with &apos;Other...&apos;.</source>
        <translation>Pilih model, atau pilih berkas model ONNX dengan 'Lainnya...'.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="651"/>
        <source>Model &apos;{model}&apos; needs a DEM: choose a DEM layer, or pick a model for imagery only.</source>
        <translation>Model '{model}' memerlukan DEM: pilih layer DEM, atau pilih model khusus citra.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="654"/>
        <source>The DEM layer is the image layer. Choose the elevation raster as DEM.</source>
        <translation>Lapisan DEM sama dengan lapisan citra. Pilih raster elevasi sebagai DEM.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="657"/>
        <source>DEM layer &apos;{name}&apos; is not a raster file on disk. Save it as a GeoTIFF and choose the copy.</source>
        <translation>Lapisan DEM '{name}' bukan berkas raster di disk. Simpan sebagai GeoTIFF lalu pilih salinannya.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="662"/>
        <source>Choose an output folder.</source>
        <translation>Pilih folder keluaran.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="673"/>
        <source>The output folder {folder} cannot be written: {error}. Choose another folder.</source>
        <translation>Folder keluaran {folder} tidak dapat ditulisi: {error}. Pilih folder lain.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="700"/>
        <source>Cannot start</source>
        <translation>Tidak dapat dimulai</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="705"/>
        <source>Run {name}</source>
        <translation>Proses {name}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="706"/>
        <source>Output: {folder}</source>
        <translation>Keluaran: {folder}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="708"/>
        <source>Landslide Mapper: {name}</source>
        <translation>Landslide Mapper: {name}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="722"/>
        <source>Cancelling after the current batch...</source>
        <translation>Membatalkan setelah batch saat ini...</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="739"/>
        <source>Cancelled: no layers were added.</source>
        <translation>Dibatalkan: tidak ada layer yang ditambahkan.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="741"/>
        <source>Run cancelled.</source>
        <translation>Proses dibatalkan.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="744"/>
        <source>Failed: {error}</source>
        <translation>Gagal: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="746"/>
        <source>Detection failed</source>
        <translation>Deteksi gagal</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="746"/>
        <source>unknown error</source>
        <translation>galat tidak diketahui</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="748"/>
        <source>The results could not be added</source>
        <translation>Hasil tidak dapat ditambahkan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="755"/>
        <source>Model: {model}</source>
        <translation>Model: {model}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="756"/>
        <source>Device: {provider}</source>
        <translation>Perangkat: {provider}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="756"/>
        <source>unknown</source>
        <translation>tidak diketahui</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="757"/>
        <source>Time: {s:.1f} s, {tiles} tiles ({skipped} skipped as nodata)</source>
        <translation>Waktu: {s:.1f} dtk, {tiles} ubin ({skipped} dilewati karena nodata)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="759"/>
        <source>Landslides found: {n}, total area {area}</source>
        <translation>Longsor ditemukan: {n}, luas total {area}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="762"/>
        <source>Note: {text}</source>
        <translation>Catatan: {text}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="766"/>
        <source>{n} landslides found ({area}) in {s} s on {provider}. Review them in the Review tab.</source>
        <translation>{n} longsor ditemukan ({area}) dalam {s} dtk di {provider}. Tinjau di tab Tinjauan.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="781"/>
        <source>Details</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="145"/>
        <source>Landslides</source>
        <translation>Longsor</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="69"/>
        <source>Landslide mask</source>
        <translation>Masker longsor</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="338"/>
        <source>Saliency</source>
        <translation>Saliensi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="338"/>
        <source>Uncertainty</source>
        <translation>Ketidakpastian</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="328"/>
        <source>Landslide probability</source>
        <translation>Probabilitas longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="33"/>
        <source>&amp;Landslide Mapper</source>
        <translation>Pemeta &amp;Longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="59"/>
        <source>Map landslides from imagery and a DEM</source>
        <translation>Petakan longsor dari citra dan DEM</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="62"/>
        <source>Check dependencies...</source>
        <translation>Periksa dependensi...</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="109"/>
        <source>The dock could not be opened: {error}</source>
        <translation>Dock tidak dapat dibuka: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="22"/>
        <source>Inputs: {inputs}</source>
        <translation>Masukan: {inputs}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="24"/>
        <source>Needs a DEM layer.</source>
        <translation>Memerlukan layer DEM.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="25"/>
        <source>Trained at {gsd} m per pixel; tiles of {tile} px; threshold {thr:.2f}</source>
        <translation>Dilatih pada {gsd} m per piksel; ubin {tile} px; ambang {thr:.2f}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="29"/>
        <source>precision</source>
        <translation>presisi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="29"/>
        <source>recall</source>
        <translation>recall</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="36"/>
        <source>Validation (pixels): {scores}</source>
        <translation>Validasi (piksel): {scores}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="41"/>
        <source>No validation scores recorded.</source>
        <translation>Tidak ada skor validasi yang tercatat.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="55"/>
        <source>Speed: {v:.1f} Mpx/s ({key})</source>
        <translation>Kecepatan: {v:.1f} Mpx/dtk ({key})</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="57"/>
        <source>Speed: {v:.1f} tiles/s ({key})</source>
        <translation>Kecepatan: {v:.1f} ubin/dtk ({key})</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="59"/>
        <source>Speed: {v:.0f} ms per tile ({key})</source>
        <translation>Kecepatan: {v:.0f} md per ubin ({key})</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="66"/>
        <source>◀ Previous (P)</source>
        <translation>◀ Sebelumnya (P)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="67"/>
        <source>Next (N) ▶</source>
        <translation>Berikutnya (N) ▶</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="68"/>
        <source>Zoom to it (Z)</source>
        <translation>Perbesar ke sini (Z)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="69"/>
        <source>Confirm (C)</source>
        <translation>Konfirmasi (C)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="70"/>
        <source>Reject (R)</source>
        <translation>Tolak (R)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="71"/>
        <source>Undo mark (U)</source>
        <translation>Batalkan tanda (U)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="72"/>
        <source>Edit outline</source>
        <translation>Edit garis batas</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="73"/>
        <source>Switch the layer to edit mode and pick QGIS&apos;s vertex tool; save with QGIS&apos;s Save Edits</source>
        <translation>Alihkan lapisan ke mode sunting dan pilih alat verteks QGIS; simpan dengan Simpan Suntingan QGIS</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="78"/>
        <source>Note on this landslide (saved when you press Enter or move on)</source>
        <translation>Catatan untuk longsor ini (disimpan saat Anda menekan Enter atau berpindah)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="84"/>
        <source>Order</source>
        <translation>Urutan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="195"/>
        <source>No landslides to review.</source>
        <translation>Tidak ada longsor untuk ditinjau.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="195"/>
        <source>Choose a polygon layer from a detection run.</source>
        <translation>Pilih lapisan poligon dari suatu proses deteksi.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="202"/>
        <source>Landslide {n} of {total}</source>
        <translation>Longsor {n} dari {total}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="219"/>
        <source>confirmed</source>
        <translation>dikonfirmasi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="219"/>
        <source>rejected</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="219"/>
        <source>unreviewed</source>
        <translation>belum ditinjau</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="220"/>
        <source>Status: {status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="222"/>
        <source>mean probability {p:.2f}</source>
        <translation>probabilitas rata-rata {p:.2f}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="224"/>
        <source>uncertainty {u:.3f}</source>
        <translation>ketidakpastian {u:.3f}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="225"/>
        <source>area {area}</source>
        <translation>luas {area}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="314"/>
        <source>Reviewed {r} of {t}: {c} confirmed ({ca}), {j} rejected. Total area of all detections: {ta}.</source>
        <translation>Ditinjau {r} dari {t}: {c} dikonfirmasi ({ca}), {j} ditolak. Luas total semua deteksi: {ta}.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/task.py" line="43"/>
        <source>The detection engine could not be loaded: {error}</source>
        <translation>Mesin deteksi tidak dapat dimuat: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/task.py" line="55"/>
        <source>Out of memory. Lower the batch size or process a smaller area.</source>
        <translation>Memori habis. Kecilkan ukuran batch atau proses area yang lebih kecil.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/task.py" line="58"/>
        <source>Detection failed unexpectedly: {error}</source>
        <translation>Deteksi gagal secara tak terduga: {error}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="105"/>
        <source>&apos;{}&apos;: the raster {} cannot be opened. Choose a raster layer or a GeoTIFF file that exists.</source>
        <translation>'{}': raster {} tidak dapat dibuka. Pilih lapisan raster atau berkas GeoTIFF yang ada.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="113"/>
        <source>&apos;{}&apos; ({}) is not a file the engine can read; writing a temporary GeoTIFF copy to {}</source>
        <translation>'{}' ({}) bukan berkas yang dapat dibaca mesin; menulis salinan GeoTIFF sementara ke {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="117"/>
        <source>Could not copy raster &apos;{}&apos; to a file.</source>
        <translation>Raster '{}' tidak dapat disalin ke berkas.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="123"/>
        <source>Could not copy raster &apos;{}&apos; to a temporary GeoTIFF (error {}).</source>
        <translation>Raster '{}' tidak dapat disalin ke GeoTIFF sementara (galat {}).</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="140"/>
        <source>&apos;{}&apos;: the vector layer cannot be read.</source>
        <translation>'{}': lapisan vektor tidak dapat dibaca.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="161"/>
        <source>&apos;{}&apos;: {} cannot be opened. Choose a raster or polygon layer or file.</source>
        <translation>'{}': {} tidak dapat dibuka. Pilih lapisan atau berkas raster atau poligon.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="172"/>
        <source>&apos;{}&apos; is not a plain vector file; writing a temporary GeoPackage copy to {}</source>
        <translation>'{}' bukan berkas vektor biasa; menulis salinan GeoPackage sementara ke {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="179"/>
        <source>Could not copy &apos;{}&apos; to a temporary GeoPackage: {}</source>
        <translation>'{}' tidak dapat disalin ke GeoPackage sementara: {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="219"/>
        <source>GDAL could not write {} as {}.</source>
        <translation>GDAL tidak dapat menulis {} sebagai {}.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="267"/>
        <source>Polygons can be saved to a file (GeoPackage, Shapefile, GeoJSON...), not to &apos;{}&apos;. Choose a file name.</source>
        <translation>Poligon dapat disimpan ke berkas (GeoPackage, Shapefile, GeoJSON...), bukan ke '{}'. Pilih nama berkas.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="44"/>
        <source>Detection</source>
        <translation>Deteksi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="106"/>
        <source>DEM (terrain models)</source>
        <translation>DEM (model medan)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="115"/>
        <source>Area of interest (polygons)</source>
        <translation>Area kajian (poligon)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="117"/>
        <source>Area of interest (extent)</source>
        <translation>Area kajian (luasan)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="119"/>
        <source>Threshold (empty: the model&apos;s)</source>
        <translation>Ambang (kosong: bawaan model)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="122"/>
        <source>Tile overlap in pixels (empty: the model&apos;s)</source>
        <translation>Tumpang tindih ubin dalam piksel (kosong: bawaan model)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="129"/>
        <source>Test-time augmentation (8x slower)</source>
        <translation>Augmentasi saat uji (8x lebih lambat)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="137"/>
        <source>Model file (.onnx, overrides Model)</source>
        <translation>Berkas model (.onnx, menggantikan Model)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="78"/>
        <source>Minimum landslide area (m²)</source>
        <translation>Luas longsor minimum (m²)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="141"/>
        <source>Simplify polygons (tolerance in m)</source>
        <translation>Sederhanakan poligon (toleransi dalam m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="143"/>
        <source>Tiles per batch</source>
        <translation>Ubin per batch</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="146"/>
        <source>CPU threads (0: all cores)</source>
        <translation>Thread CPU (0: semua inti)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="91"/>
        <source>Landslide polygons</source>
        <translation>Poligon longsor</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="162"/>
        <source>Uncertainty (needs test-time augmentation)</source>
        <translation>Ketidakpastian (memerlukan augmentasi saat uji)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Landslides found</source>
        <translation>Longsor ditemukan</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="94"/>
        <source>Landslide area (m²)</source>
        <translation>Luas longsor (m²)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="169"/>
        <source>Execution provider used</source>
        <translation>Penyedia eksekusi yang dipakai</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="170"/>
        <source>Model used</source>
        <translation>Model yang dipakai</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="171"/>
        <source>Run summary (JSON file)</source>
        <translation>Ringkasan proses (berkas JSON)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="188"/>
        <source>The image cannot be opened: choose a raster layer or a GeoTIFF file.</source>
        <translation>Citra tidak dapat dibuka: pilih lapisan raster atau berkas GeoTIFF.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="191"/>
        <source>The DEM cannot be opened: choose a raster layer or leave DEM empty.</source>
        <translation>DEM tidak dapat dibuka: pilih lapisan raster atau kosongkan DEM.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="196"/>
        <source>Threshold {} is not a probability strictly between 0 and 1: use e.g. 0.5, or leave it empty for the model&apos;s tuned threshold.</source>
        <translation>Ambang {} bukan probabilitas di antara 0 dan 1: gunakan misalnya 0.5, atau kosongkan untuk memakai ambang yang disetel model.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="199"/>
        <source>Give the area of interest either as polygons or as an extent, not both.</source>
        <translation>Berikan area kajian sebagai poligon atau sebagai luasan, jangan keduanya.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="208"/>
        <source>Model &apos;{}&apos; uses terrain channels ({}) and needs a DEM: give one in &apos;DEM&apos;, or choose an image-only model.</source>
        <translation>Model '{}' memakai kanal medan ({}) dan memerlukan DEM: berikan di 'DEM', atau pilih model yang hanya memakai citra.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="229"/>
        <source>Overlap {} px is more than half of the model&apos;s {} px tiles: use at most {} px.</source>
        <translation>Tumpang tindih {} px lebih dari setengah ubin model yang {} px: gunakan paling banyak {} px.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="266"/>
        <source>A saliency output was asked for: computing saliency (&apos;auto&apos; method).</source>
        <translation>Keluaran saliensi diminta: menghitung saliensi (metode 'auto').</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="270"/>
        <source>An uncertainty output was asked for: it is the spread of the 8 test-time-augmentation predictions, so augmentation is switched on.</source>
        <translation>Keluaran ketidakpastian diminta: ini adalah sebaran 8 prediksi augmentasi saat uji, jadi augmentasi diaktifkan.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="139"/>
        <source>Cancelled; no output was written. ({})</source>
        <translation>Dibatalkan; tidak ada keluaran yang ditulis. ({})</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="314"/>
        <source>Cancelled; no output was written.</source>
        <translation>Dibatalkan; tidak ada keluaran yang ditulis.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="316"/>
        <source>Model {} on {}; {} tiles ({} skipped as nodata) in {:.1f} s; {} landslide(s), {:.0f} m².</source>
        <translation>Model {} di {}; {} ubin ({} dilewati karena nodata) dalam {:.1f} dtk; {} longsor, {:.0f} m².</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="354"/>
        <source>Could not write the run summary {}: {}</source>
        <translation>Ringkasan proses {} tidak dapat ditulis: {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Precision</source>
        <translation>Presisi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Recall</source>
        <translation>Recall</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>IoU (landslide)</source>
        <translation>IoU (longsor)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>mIoU</source>
        <translation>mIoU</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Matthews correlation</source>
        <translation>Korelasi Matthews</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Balanced accuracy</source>
        <translation>Akurasi seimbang</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Landslides missed</source>
        <translation>Longsor terlewat</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>False landslides</source>
        <translation>Longsor palsu</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="54"/>
        <source>Evaluate against a reference</source>
        <translation>Evaluasi terhadap referensi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="57"/>
        <source>Accuracy</source>
        <translation>Akurasi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="69"/>
        <source>Compares a landslide map with a reference map and writes the accuracy report an analyst attaches to a map.

&lt;b&gt;Prediction&lt;/b&gt; and &lt;b&gt;reference&lt;/b&gt;: each a mask raster (1 landslide, 0 not, 255 or nodata not assessed) or a polygon layer (inside = landslide); polygons are rasterised on the grid of the raster among the two (or of the probability raster).
Pixel metrics: precision, recall, F1, IoU, mIoU, MCC, balanced accuracy. Object counts: landslides found, missed and false (a reference landslide is found when a predicted one covers at least the &lt;b&gt;minimum overlap&lt;/b&gt; of it).

Outputs: an HTML report with the confusion matrix and, when a &lt;b&gt;probability raster&lt;/b&gt; is given, precision-recall and ROC curves; an error raster (1 true positive, 2 false positive, 3 false negative, 0 true negative); a table of the metrics with their definitions.</source>
        <translation>Membandingkan peta longsor dengan peta referensi dan menulis laporan akurasi yang dilampirkan analis pada peta.

&lt;b&gt;Prediksi&lt;/b&gt; dan &lt;b&gt;referensi&lt;/b&gt;: masing-masing raster masker (1 longsor, 0 bukan, 255 atau nodata tidak dinilai) atau lapisan poligon (di dalam = longsor); poligon dirasterisasi pada grid raster di antara keduanya (atau raster probabilitas).
Metrik piksel: presisi, recall, F1, IoU, mIoU, MCC, akurasi seimbang. Hitungan objek: longsor ditemukan, terlewat dan palsu (longsor referensi dianggap ditemukan bila longsor prediksi menutupi sedikitnya &lt;b&gt;tumpang tindih minimum&lt;/b&gt; darinya).

Keluaran: laporan HTML dengan matriks konfusi dan, bila &lt;b&gt;raster probabilitas&lt;/b&gt; diberikan, kurva presisi-recall dan ROC; raster galat (1 positif benar, 2 positif palsu, 3 negatif palsu, 0 negatif benar); tabel metrik beserta definisinya.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="85"/>
        <source>Prediction (mask or polygons)</source>
        <translation>Prediksi (masker atau poligon)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="87"/>
        <source>Reference (mask or polygons)</source>
        <translation>Referensi (masker atau poligon)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="89"/>
        <source>Probability raster (for PR and ROC curves)</source>
        <translation>Raster probabilitas (untuk kurva PR dan ROC)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="92"/>
        <source>Minimum overlap to count a landslide found</source>
        <translation>Tumpang tindih minimum agar longsor dihitung ditemukan</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="97"/>
        <source>Accuracy report</source>
        <translation>Laporan akurasi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="97"/>
        <source>HTML files (*.html)</source>
        <translation>Berkas HTML (*.html)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="99"/>
        <source>Error raster</source>
        <translation>Raster galat</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="101"/>
        <source>Metrics table</source>
        <translation>Tabel metrik</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="112"/>
        <source>prediction</source>
        <translation>prediksi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="112"/>
        <source>reference</source>
        <translation>referensi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="114"/>
        <source>The {} cannot be opened: choose a mask raster or a polygon layer.</source>
        <translation>{} tidak dapat dibuka: pilih raster masker atau lapisan poligon.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="116"/>
        <source>The {} &apos;{}&apos; has {} bands; a landslide mask has one (1 landslide, 0 not). Use a mask raster or polygons.</source>
        <translation>{} '{}' memiliki {} band; masker longsor memiliki satu (1 longsor, 0 bukan). Gunakan raster masker atau poligon.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="120"/>
        <source>Both prediction and reference are polygons, so there is no pixel grid to compare them on: give one of them as a mask raster, or give the probability raster of the detection.</source>
        <translation>Prediksi dan referensi keduanya poligon, jadi tidak ada grid piksel untuk membandingkannya: berikan salah satunya sebagai raster masker, atau berikan raster probabilitas dari deteksi.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="161"/>
        <source>Errors (TP / FP / FN)</source>
        <translation>Galat (TP / FP / FN)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="25"/>
        <source>Red band</source>
        <translation>Band merah</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="25"/>
        <source>Green band</source>
        <translation>Band hijau</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="25"/>
        <source>Blue band</source>
        <translation>Band biru</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="25"/>
        <source>Near-infrared band</source>
        <translation>Band inframerah dekat</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="25"/>
        <source>Short-wave infrared band</source>
        <translation>Band inframerah gelombang pendek</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="53"/>
        <source>Terrain and spectral features</source>
        <translation>Fitur medan dan spektral</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="89"/>
        <source>Features (empty: all the inputs allow)</source>
        <translation>Fitur (kosong: semua yang dimungkinkan masukan)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="94"/>
        <source>Processing window (pixels)</source>
        <translation>Jendela pemrosesan (piksel)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="188"/>
        <source>Features</source>
        <translation>Fitur</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="141"/>
        <source>Give a DEM (terrain features), an image (spectral indices), or both.</source>
        <translation>Berikan DEM (fitur medan), citra (indeks spektral), atau keduanya.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="144"/>
        <source>The {} cannot be opened: choose a raster layer or file.</source>
        <translation>{} tidak dapat dibuka: pilih lapisan atau berkas raster.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="146"/>
        <source>No feature can be computed from these inputs: map the image bands to red, green, blue, NIR or SWIR, or give a DEM.</source>
        <translation>Tidak ada fitur yang dapat dihitung dari masukan ini: petakan band citra ke merah, hijau, biru, NIR atau SWIR, atau berikan DEM.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="152"/>
        <source>the {} band is {} but the image has only {} band(s): choose a band from 1 to {}</source>
        <translation>band {} adalah {} tetapi citra hanya memiliki {} band: pilih band dari 1 sampai {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="156"/>
        <source>Cannot compute the features: </source>
        <translation>Fitur tidak dapat dihitung: </translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="174"/>
        <source>Features: {}; band mapping: {}</source>
        <translation>Fitur: {}; pemetaan band: {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="169"/>
        <source>none</source>
        <translation>tidak ada</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="186"/>
        <source>Elevation mean {:.2f} m, standard deviation {:.2f} m</source>
        <translation>Rata-rata elevasi {:.2f} m, simpangan baku {:.2f} m</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="191"/>
        <source>Features ({})</source>
        <translation>Fitur ({})</translation>
    </message>
    <message>
        <location filename="../plugin/processing/provider.py" line="31"/>
        <source>Landslide Mapper: landslide detection, features, polygons and accuracy</source>
        <translation>Landslide Mapper: deteksi longsor, fitur, poligon dan akurasi</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="41"/>
        <source>Landslide mask to polygons</source>
        <translation>Masker longsor ke poligon</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="56"/>
        <source>Turns a landslide mask (1 landslide, 0 not, 255 nodata - the mask a detection writes) into one polygon per landslide in a GeoPackage, holes kept, ready for review.

Fields: area_m2 and perimeter_m (ground measures, also for a CRS in degrees), mean_prob and max_prob (when a probability raster is given), mean_uncertainty (with an uncertainty raster), mean_slope_deg (with a slope raster in degrees, or a DEM from which the slope is computed on the mask grid), model, created_at, and the review fields status (&apos;unreviewed&apos;, &apos;confirmed&apos;, &apos;rejected&apos;) and note.

&lt;b&gt;Fill holes&lt;/b&gt; below the given area, &lt;b&gt;smooth&lt;/b&gt; the pixel staircase, &lt;b&gt;simplify&lt;/b&gt; with a tolerance in metres, then drop landslides below the &lt;b&gt;minimum area&lt;/b&gt;.</source>
        <translation>Mengubah masker longsor (1 longsor, 0 bukan, 255 nodata - masker yang ditulis deteksi) menjadi satu poligon per longsor dalam GeoPackage, lubang dipertahankan, siap ditinjau.

Kolom: area_m2 dan perimeter_m (ukuran di lapangan, juga untuk CRS dalam derajat), mean_prob dan max_prob (bila raster probabilitas diberikan), mean_uncertainty (dengan raster ketidakpastian), mean_slope_deg (dengan raster lereng dalam derajat, atau DEM yang lerengnya dihitung pada grid masker), model, created_at, serta kolom tinjauan status ('unreviewed', 'confirmed', 'rejected') dan note.

&lt;b&gt;Isi lubang&lt;/b&gt; di bawah luas yang diberikan, &lt;b&gt;haluskan&lt;/b&gt; tangga piksel, &lt;b&gt;sederhanakan&lt;/b&gt; dengan toleransi dalam meter, lalu buang longsor di bawah &lt;b&gt;luas minimum&lt;/b&gt;.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="70"/>
        <source>Probability raster</source>
        <translation>Raster probabilitas</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="72"/>
        <source>Uncertainty raster</source>
        <translation>Raster ketidakpastian</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="74"/>
        <source>Slope raster (degrees, band 1)</source>
        <translation>Raster lereng (derajat, band 1)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="76"/>
        <source>DEM (slope computed from it)</source>
        <translation>DEM (lereng dihitung darinya)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="81"/>
        <source>Simplification tolerance (m)</source>
        <translation>Toleransi penyederhanaan (m)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="84"/>
        <source>Smooth outlines</source>
        <translation>Haluskan garis batas</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="86"/>
        <source>Fill holes smaller than (m²)</source>
        <translation>Isi lubang yang lebih kecil dari (m²)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="89"/>
        <source>Model name for the &apos;model&apos; field</source>
        <translation>Nama model untuk kolom 'model'</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="102"/>
        <source>The landslide mask cannot be opened: choose a raster layer or file.</source>
        <translation>Masker longsor tidak dapat dibuka: pilih lapisan atau berkas raster.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="104"/>
        <source>&apos;{}&apos; has {} bands; a landslide mask has one (1 landslide, 0 not, 255 nodata). Use the mask a detection writes, or extract one band first.</source>
        <translation>'{}' memiliki {} band; masker longsor memiliki satu (1 longsor, 0 bukan, 255 nodata). Gunakan masker yang ditulis deteksi, atau ekstrak satu band terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="108"/>
        <source>Give either a slope raster or a DEM, not both.</source>
        <translation>Berikan raster lereng atau DEM, jangan keduanya.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="126"/>
        <source>Computing the slope of {} on the mask grid</source>
        <translation>Menghitung lereng {} pada grid masker</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="142"/>
        <source>{} landslide(s), {:.0f} m² in all</source>
        <translation>{} longsor, total {:.0f} m²</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="148"/>
        <source>GeoTIFF compression (deflate: for software that cannot read zstd)</source>
        <translation>Kompresi GeoTIFF (deflate: untuk perangkat lunak yang tidak dapat membaca zstd)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="191"/>
        <source>all cores</source>
        <translation>semua inti</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="192"/>
        <source>CPU threads for the model; fewer leave cores free for other work</source>
        <translation>Jumlah thread CPU untuk model; lebih sedikit menyisakan inti untuk pekerjaan lain</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="205"/>
        <source>CPU threads</source>
        <translation>Thread CPU</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="235"/>
        <source>How the GeoTIFFs are compressed (both lossless): deflate for software that cannot read ZSTD</source>
        <translation>Cara GeoTIFF dikompresi (keduanya lossless): deflate untuk perangkat lunak yang tidak dapat membaca ZSTD</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="43"/>
        <source>Whole image layer</source>
        <translation>Seluruh layer citra</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="43"/>
        <source>Current map extent</source>
        <translation>Cakupan peta saat ini</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="43"/>
        <source>Selected features of a polygon layer</source>
        <translation>Fitur terpilih dari layer poligon</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="43"/>
        <source>Rectangle drawn on the map</source>
        <translation>Persegi panjang yang digambar di peta</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="48"/>
        <source>Automatic (GPU when available)</source>
        <translation>Otomatis (GPU bila tersedia)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="48"/>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="48"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="52"/>
        <source>ZSTD (fastest; QGIS, GDAL 2.3 and later)</source>
        <translation>ZSTD (tercepat; QGIS, GDAL 2.3 dan sesudahnya)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="52"/>
        <source>Deflate (older GIS software)</source>
        <translation>Deflate (perangkat lunak SIG lama)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="521"/>
        <source>{saved} of {wanted} polygons reached the file</source>
        <translation>{saved} dari {wanted} poligon tersimpan di berkas</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="523"/>
        <source>The selected polygons could not be saved in {folder} ({reason}). The disk may be full or the folder no longer writable: free some space there or choose another output folder.</source>
        <translation>Poligon yang dipilih tidak dapat disimpan di {folder} ({reason}). Disk mungkin penuh atau folder tidak lagi dapat ditulisi: kosongkan sebagian ruang di sana atau pilih folder keluaran lain.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="321"/>
        <source>The output {} is a folder: give a file name for {}.</source>
        <translation>Keluaran {} adalah sebuah folder: berikan nama berkas untuk {}.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="325"/>
        <source>The folder of the output {} cannot be made ({}). Choose another location for {}.</source>
        <translation>Folder untuk keluaran {} tidak dapat dibuat ({}). Pilih lokasi lain untuk {}.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="331"/>
        <source>The output {} cannot be written in {} ({}). Choose another location for {}.</source>
        <translation>Keluaran {} tidak dapat ditulis di {} ({}). Pilih lokasi lain untuk {}.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="335"/>
        <source>{} holds an analyst&apos;s review ({}): this run would replace it. Choose another file for {}, or move that one elsewhere first.</source>
        <translation>{} berisi hasil tinjauan analis ({}): proses ini akan menggantinya. Pilih berkas lain untuk {}, atau pindahkan berkas itu lebih dulu.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="349"/>
        <source>The output {} could not be put at {} ({}). Free some space there or choose another location for {}.</source>
        <translation>Keluaran {} tidak dapat ditempatkan di {} ({}). Kosongkan sebagian ruang di sana atau pilih lokasi lain untuk {}.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="156"/>
        <source>Report</source>
        <translation>Laporan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="400"/>
        <source>The image band the model reads as its &apos;{role}&apos; band. Taken from the bands&apos; colour tags when they have them, else in band order: change it when your imagery stores its bands in another order (blue, green, red, for example).</source>
        <translation>Band citra yang dibaca model sebagai band '{role}'-nya. Diambil dari tanda warna band bila ada, selain itu menurut urutan band: ubah bila citra Anda menyimpan band dalam urutan lain (misalnya biru, hijau, merah).</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="438"/>
        <source>Choose an image band for each band the model reads ({roles}): &apos;{layer}&apos; has {count} band(s), so the same band may be chosen more than once.</source>
        <translation>Pilih satu band citra untuk setiap band yang dibaca model ({roles}): '{layer}' memiliki {count} band, jadi band yang sama boleh dipilih lebih dari sekali.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="807"/>
        <source>NIR band</source>
        <translation>Band NIR</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="808"/>
        <source>Band for &apos;{role}&apos;</source>
        <translation>Band untuk '{role}'</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="83"/>
        <source>Maps landslides in an image (and, for terrain models, a DEM) with a bundled deep-learning model, exactly as the Landslide Mapper dock does.

&lt;b&gt;Image&lt;/b&gt;: any band count and data type (uint8, uint16, float). The model&apos;s metadata says which bands it reads and how to normalise them.
&lt;b&gt;Image bands&lt;/b&gt;: the image band for each band the model reads, in its order (3,2,1 when a red-green-blue model meets blue-green-red imagery). Empty: bands tagged red, green and blue are found wherever they lie, else bands 1, 2, 3 are used.
&lt;b&gt;DEM&lt;/b&gt;: needed by terrain models; any CRS, cell size and extent - it is aligned to the image grid on the fly.
&lt;b&gt;Model&lt;/b&gt;: &apos;auto&apos; picks the default terrain model when a DEM is given, else the default image-only model. A model file (advanced) overrides the choice.
&lt;b&gt;Area of interest&lt;/b&gt;: polygons (selected features only when so chosen) or an extent; without one the whole image is processed.
&lt;b&gt;Threshold&lt;/b&gt;: probability above which a pixel is a landslide; empty uses the model&apos;s tuned threshold. &lt;b&gt;Overlap&lt;/b&gt;: tile overlap in pixels; empty uses the model&apos;s default.
&lt;b&gt;Test-time augmentation&lt;/b&gt; runs the 8 flips/rotations and averages them (8x slower); it also gives the uncertainty layer.

Outputs: landslide probability (0-1), binary mask (1 landslide, 0 not, 255 nodata), editable polygons with review fields, and optionally uncertainty and saliency rasters.</source>
        <translation>Memetakan longsor pada citra (dan, untuk model medan, DEM) dengan model pembelajaran mendalam bawaan, persis seperti yang dilakukan dock Landslide Mapper.

&lt;b&gt;Citra&lt;/b&gt;: jumlah band dan tipe data apa pun (uint8, uint16, float). Metadata model menyebutkan band mana yang dibaca dan cara menormalkannya.
&lt;b&gt;Band citra&lt;/b&gt;: band citra untuk setiap band yang dibaca model, menurut urutannya (3,2,1 bila model merah-hijau-biru bertemu citra biru-hijau-merah). Kosong: band bertanda merah, hijau dan biru ditemukan di mana pun letaknya, selain itu band 1, 2, 3 dipakai.
&lt;b&gt;DEM&lt;/b&gt;: diperlukan model medan; CRS, ukuran sel dan luasan apa pun - diselaraskan ke grid citra secara langsung.
&lt;b&gt;Model&lt;/b&gt;: 'auto' memilih model medan bawaan bila DEM diberikan, selain itu model bawaan yang hanya memakai citra. Berkas model (lanjutan) menggantikan pilihan ini.
&lt;b&gt;Area kajian&lt;/b&gt;: poligon (hanya fitur terpilih bila dipilih demikian) atau suatu luasan; tanpanya seluruh citra diproses.
&lt;b&gt;Ambang&lt;/b&gt;: probabilitas di atas mana piksel adalah longsor; kosong memakai ambang yang disetel model. &lt;b&gt;Tumpang tindih&lt;/b&gt;: tumpang tindih ubin dalam piksel; kosong memakai bawaan model.
&lt;b&gt;Augmentasi saat uji&lt;/b&gt; menjalankan 8 pembalikan/rotasi dan merata-ratakannya (8x lebih lambat); juga menghasilkan lapisan ketidakpastian.

Keluaran: probabilitas longsor (0-1), masker biner (1 longsor, 0 bukan, 255 nodata), poligon yang dapat disunting dengan kolom tinjauan, dan secara opsional raster ketidakpastian dan saliensi.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="112"/>
        <source>Image bands, in the model&apos;s band order (e.g. 3,2,1 for blue-green-red imagery; empty: from the colour tags)</source>
        <translation>Band citra, menurut urutan band model (mis. 3,2,1 untuk citra biru-hijau-merah; kosong: dari tanda warna)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="221"/>
        <source>Model &apos;{}&apos; reads {} image bands ({}) but &apos;{}&apos; has only {} band(s): say which band to use for each in &apos;Image bands&apos; (e.g. 1,1,1), or choose an image with at least {} bands or a model made for this imagery.</source>
        <translation>Model '{}' membaca {} band citra ({}) tetapi '{}' hanya memiliki {} band: sebutkan band yang dipakai untuk masing-masing di 'Band citra' (mis. 1,1,1), atau pilih citra dengan paling sedikit {} band atau model yang dibuat untuk citra ini.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="68"/>
        <source>Computes the terrain features and spectral indices the landslide models use, one band per feature, in a float32 GeoTIFF (NaN is nodata; band descriptions name the features).

&lt;b&gt;From the DEM&lt;/b&gt;: elevation_norm (z-score of elevation over the area), slope_deg (degrees), aspect_deg (downhill direction, degrees from north), hillshade (0-1, sun at 315°/45°), curvature (1/100 m, positive on crests). Cell sizes are in real metres, also for a DEM in degrees.
&lt;b&gt;From the image&lt;/b&gt;: brightness (mean of red, green, blue), NDVI, NDMI, GNDVI and BSI from the bands you map to red, green, blue, NIR and SWIR. With no mapping, the bands tagged red, green and blue (their colour interpretation) are used wherever they lie, and an untagged 3-band image is read as red, green, blue.

With an image, the output is on the image grid and the DEM is aligned to it (bilinear); without one, on the DEM grid. Leave &lt;b&gt;Features&lt;/b&gt; empty to compute all that the inputs allow.</source>
        <translation>Menghitung fitur medan dan indeks spektral yang dipakai model longsor, satu band per fitur, dalam GeoTIFF float32 (NaN adalah nodata; deskripsi band menyebut nama fitur).

&lt;b&gt;Dari DEM&lt;/b&gt;: elevation_norm (skor-z elevasi di seluruh area), slope_deg (derajat), aspect_deg (arah turun lereng, derajat dari utara), hillshade (0-1, matahari pada 315°/45°), curvature (1/100 m, positif di punggungan). Ukuran sel dalam meter sebenarnya, juga untuk DEM dalam derajat.
&lt;b&gt;Dari citra&lt;/b&gt;: brightness (rata-rata merah, hijau, biru), NDVI, NDMI, GNDVI dan BSI dari band yang Anda petakan ke merah, hijau, biru, NIR dan SWIR. Tanpa pemetaan, band yang ditandai merah, hijau dan biru (interpretasi warnanya) dipakai di mana pun letaknya, dan citra 3 band tanpa tanda dibaca sebagai merah, hijau, biru.

Dengan citra, keluaran berada pada grid citra dan DEM diselaraskan ke sana (bilinear); tanpa citra, pada grid DEM. Kosongkan &lt;b&gt;Fitur&lt;/b&gt; untuk menghitung semua yang dimungkinkan masukan.</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="171"/>
        <source>(from the bands&apos; colour interpretation)</source>
        <translation>(dari interpretasi warna band)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="173"/>
        <source>(an untagged 3-band image, in band order)</source>
        <translation>(citra 3 band tanpa tanda, menurut urutan band)</translation>
    </message>
</context>
</TS>
