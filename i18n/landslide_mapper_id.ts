<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="105"/>
        <source>Landslide Mapper - dependencies</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="113"/>
        <source>CPU build (onnxruntime): works on every computer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="114"/>
        <source>GPU build (onnxruntime-gpu): needs an NVIDIA GPU with CUDA 12 and cuDNN 9</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="120"/>
        <source>Also install PyTorch (optional, about 200 MB: only needed to train models)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="133"/>
        <source>Install</source>
        <translation>Pasang</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="142"/>
        <source>Packages are installed into the plugin&apos;s own folder:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="143"/>
        <source>The numpy used by QGIS is never changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="145"/>
        <source>found</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="145"/>
        <source>missing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="146"/>
        <source>required</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="146"/>
        <source>optional</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="150"/>
        <source>Landslide detection needs onnxruntime. Choose a build and press Install.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="165"/>
        <source>Removed the other onnxruntime build:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="186"/>
        <source>Could not start Python for pip:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="193"/>
        <source>pip failed (exit code {code}). The lines above say why; a network proxy or an offline computer are common causes.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="206"/>
        <source>Installed. If onnxruntime was already loaded, restart QGIS to use the new build.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="43"/>
        <source>Runs are saved beside the project.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="44"/>
        <source>The project is not saved yet, so runs are saved in your home folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="56"/>
        <source>Landslide Mapper</source>
        <translation>Pemeta Longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="94"/>
        <source>Detect</source>
        <translation>Deteksi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="98"/>
        <source>Review</source>
        <translation>Tinjau</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="104"/>
        <source>Input layers</source>
        <translation>Layer masukan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="108"/>
        <source>Optical imagery (RGB or multispectral) to search for landslides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="111"/>
        <source>(no DEM)</source>
        <translation>(tanpa DEM)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="112"/>
        <source>Digital elevation model; aligned to the image grid automatically</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="113"/>
        <source>Image</source>
        <translation>Citra</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="114"/>
        <source>DEM</source>
        <translation>DEM</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="117"/>
        <source>Model</source>
        <translation>Model</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="123"/>
        <source>Other...</source>
        <translation>Lainnya...</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="124"/>
        <source>Use an ONNX model file exported with the Landslide Mapper model zoo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="136"/>
        <source>Area</source>
        <translation>Area</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="143"/>
        <source>Draw rectangle on the map</source>
        <translation>Gambar persegi di peta</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="146"/>
        <source>Process</source>
        <translation>Proses</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="80"/>
        <source>Polygons</source>
        <translation>Poligon</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="152"/>
        <source>Detection settings</source>
        <translation>Pengaturan deteksi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="162"/>
        <source>model&apos;s own</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="159"/>
        <source>Probability above which a pixel counts as landslide</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="164"/>
        <source>Overlap between neighbouring tiles; blended so no seams show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="167"/>
        <source>Tiles per batch: higher is faster on a GPU, uses more memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="173"/>
        <source>Test-time augmentation</source>
        <translation>Augmentasi saat uji</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="174"/>
        <source>Average 8 flips/rotations of every tile: steadier results and an uncertainty layer, about 8 times slower</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="176"/>
        <source>Saliency map</source>
        <translation>Peta saliensi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="177"/>
        <source>A heat map of the pixels that drove the model&apos;s decision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="178"/>
        <source>Threshold</source>
        <translation>Ambang batas</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="179"/>
        <source>Tile overlap</source>
        <translation>Tumpang tindih ubin</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="180"/>
        <source>Batch size</source>
        <translation>Ukuran batch</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="181"/>
        <source>Device</source>
        <translation>Perangkat</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="193"/>
        <source>Drop detections smaller than this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="198"/>
        <source>Simplify outlines by this tolerance (0: keep pixel edges)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="199"/>
        <source>Minimum area</source>
        <translation>Luas minimum</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="200"/>
        <source>Simplify</source>
        <translation>Sederhanakan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="203"/>
        <source>Output</source>
        <translation>Keluaran</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="214"/>
        <source>Detect landslides</source>
        <translation>Deteksi longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="217"/>
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="229"/>
        <source>The last run&apos;s report appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="231"/>
        <source>Last run</source>
        <translation>Proses terakhir</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="255"/>
        <source>Models could not be listed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="260"/>
        <source>No models found. Use &apos;Other...&apos; to pick an ONNX model file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="267"/>
        <source>image + DEM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="267"/>
        <source>image only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="273"/>
        <source>Choose an ONNX model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="273"/>
        <source>ONNX models (*.onnx)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="285"/>
        <source>This model cannot be used</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="299"/>
        <source>Available: {providers}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="302"/>
        <source>no GPU build or no NVIDIA GPU: runs on the CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="305"/>
        <source>onnxruntime is not installed: use Plugins ▸ Raster ▸ Landslide Mapper ▸ Check dependencies.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="317"/>
        <source>Required by this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="317"/>
        <source>This model uses the image only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="322"/>
        <source>model&apos;s own ({t:.2f})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="323"/>
        <source>model&apos;s own ({o} px)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="333"/>
        <source>{n} feature(s) selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="335"/>
        <source>Rectangle drawn</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="335"/>
        <source>No rectangle drawn yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="337"/>
        <source>The part of the image visible on the map when you press Detect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="349"/>
        <source>Drag a rectangle on the map</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="368"/>
        <source>There is no map canvas to take the extent from.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="374"/>
        <source>No rectangle is drawn. Press &apos;Draw rectangle on the map&apos; and drag one, or choose another area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="381"/>
        <source>No polygon is selected. Select the area&apos;s polygons in a polygon layer, or choose another area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="392"/>
        <source>The selected polygons could not be saved: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="459"/>
        <source>Each run gets its own subfolder here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="465"/>
        <source>This is a temporary folder: results may be deleted when the computer restarts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="474"/>
        <source>Choose an image layer. Add your imagery to the project first.</source>
        <translation>Pilih layer citra. Tambahkan citra Anda ke proyek terlebih dahulu.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="477"/>
        <source>Layer '{name}' is not a raster file on disk (it comes from '{provider}'). Save it with Export ▸ Save As... as a GeoTIFF and choose the copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="482"/>
        <source>Choose a model, or pick an ONNX model file with &apos;Other...&apos;.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="487"/>
        <source>Model &apos;{model}&apos; needs a DEM: choose a DEM layer, or pick a model for imagery only.</source>
        <translation>Model '{model}' memerlukan DEM: pilih layer DEM, atau pilih model khusus citra.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="490"/>
        <source>The DEM layer is the image layer. Choose the elevation raster as DEM.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="493"/>
        <source>DEM layer &apos;{name}&apos; is not a raster file on disk. Save it as a GeoTIFF and choose the copy.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="497"/>
        <source>Choose an output folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="503"/>
        <source>The output folder {folder} cannot be written: {error}. Choose another folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="528"/>
        <source>Cannot start</source>
        <translation>Tidak dapat dimulai</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="533"/>
        <source>Run {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="534"/>
        <source>Output: {folder}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="536"/>
        <source>Landslide Mapper: {name}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="550"/>
        <source>Cancelling after the current batch...</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="567"/>
        <source>Cancelled: no layers were added.</source>
        <translation>Dibatalkan: tidak ada layer yang ditambahkan.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="569"/>
        <source>Run cancelled.</source>
        <translation>Proses dibatalkan.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="572"/>
        <source>Failed: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="573"/>
        <source>Detection failed</source>
        <translation>Deteksi gagal</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="573"/>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="575"/>
        <source>The results could not be added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="582"/>
        <source>Model: {model}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="583"/>
        <source>Device: {provider}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="583"/>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="584"/>
        <source>Time: {s:.1f} s, {tiles} tiles ({skipped} skipped as nodata)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="586"/>
        <source>Landslides found: {n}, total area {area}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="589"/>
        <source>Note: {text}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="593"/>
        <source>{n} landslides found ({area}) in {s:.0f} s on {provider}. Review them in the Review tab.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="607"/>
        <source>Details</source>
        <translation>Rincian</translation>
    </message>
    <message>
        <location filename="../plugin/gui/layers.py" line="58"/>
        <source>Landslides</source>
        <translation>Longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/layers.py" line="61"/>
        <source>Landslide mask</source>
        <translation>Masker longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/layers.py" line="66"/>
        <source>Saliency</source>
        <translation>Saliensi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/layers.py" line="71"/>
        <source>Uncertainty</source>
        <translation>Ketidakpastian</translation>
    </message>
    <message>
        <location filename="../plugin/gui/layers.py" line="75"/>
        <source>Landslide probability</source>
        <translation>Probabilitas longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="32"/>
        <source>&amp;Landslide Mapper</source>
        <translation>Pemeta &amp;Longsor</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="58"/>
        <source>Map landslides from imagery and a DEM</source>
        <translation>Petakan longsor dari citra dan DEM</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="61"/>
        <source>Check dependencies...</source>
        <translation>Periksa dependensi...</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="103"/>
        <source>The dock could not be opened: {error}</source>
        <translation type="unfinished"></translation>
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
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="29"/>
        <source>precision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="29"/>
        <source>recall</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="36"/>
        <source>Validation (pixels): {scores}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="41"/>
        <source>No validation scores recorded.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="55"/>
        <source>Speed: {v:.1f} Mpx/s ({key})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="57"/>
        <source>Speed: {v:.1f} tiles/s ({key})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="59"/>
        <source>Speed: {v:.0f} ms per tile ({key})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="63"/>
        <source>◀ Previous (P)</source>
        <translation>◀ Sebelumnya (P)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="64"/>
        <source>Next (N) ▶</source>
        <translation>Berikutnya (N) ▶</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="65"/>
        <source>Zoom to it (Z)</source>
        <translation>Perbesar ke sini (Z)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="66"/>
        <source>Confirm (C)</source>
        <translation>Konfirmasi (C)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="67"/>
        <source>Reject (R)</source>
        <translation>Tolak (R)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="68"/>
        <source>Undo mark (U)</source>
        <translation>Batalkan tanda (U)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="69"/>
        <source>Edit outline</source>
        <translation>Edit garis batas</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="70"/>
        <source>Switch the layer to edit mode and pick QGIS&apos;s vertex tool; save with QGIS&apos;s Save Edits</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="75"/>
        <source>Note on this landslide (saved when you press Enter or move on)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="81"/>
        <source>Order</source>
        <translation>Urutan</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="174"/>
        <source>No landslides to review.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="174"/>
        <source>Choose a polygon layer from a detection run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="181"/>
        <source>Landslide {n} of {total}</source>
        <translation>Longsor {n} dari {total}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="198"/>
        <source>confirmed</source>
        <translation>dikonfirmasi</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="198"/>
        <source>rejected</source>
        <translation>ditolak</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="198"/>
        <source>unreviewed</source>
        <translation>belum ditinjau</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="199"/>
        <source>Status: {status}</source>
        <translation>Status: {status}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="201"/>
        <source>mean probability {p:.2f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="203"/>
        <source>uncertainty {u:.3f}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="204"/>
        <source>area {area}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="293"/>
        <source>Reviewed {r} of {t}: {c} confirmed ({ca}), {j} rejected. Total area of all detections: {ta}.</source>
        <translation>Ditinjau {r} dari {t}: {c} dikonfirmasi ({ca}), {j} ditolak. Luas total semua deteksi: {ta}.</translation>
    </message>
    <message>
        <location filename="../plugin/gui/task.py" line="43"/>
        <source>The detection engine could not be loaded: {error}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/task.py" line="55"/>
        <source>Out of memory. Lower the batch size or process a smaller area.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <location filename="../plugin/gui/task.py" line="58"/>
        <source>Detection failed unexpectedly: {error}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
