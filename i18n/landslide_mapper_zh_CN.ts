<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1">
<context>
    <name>@default</name>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="144"/>
        <source>Landslide Mapper - dependencies</source>
        <translation>Landslide Mapper - 依赖项</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="156"/>
        <source>CPU build (onnxruntime): works on every computer</source>
        <translation>CPU 版本（onnxruntime）：适用于所有计算机</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="157"/>
        <source>GPU build (onnxruntime-gpu): needs an NVIDIA GPU with CUDA 12 and cuDNN 9</source>
        <translation>GPU 版本（onnxruntime-gpu）：需要支持 CUDA 12 和 cuDNN 9 的 NVIDIA GPU</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="163"/>
        <source>Also install PyTorch (optional, about 200 MB: gradient saliency maps and training models)</source>
        <translation>同时安装 PyTorch（可选，约 200 MB：用于梯度显著性图和训练模型）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="177"/>
        <source>Install</source>
        <translation>安装</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="186"/>
        <source>Packages are installed into the plugin&apos;s own folder:</source>
        <translation>软件包安装在插件自己的文件夹中：</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="187"/>
        <source>The numpy used by QGIS is never changed.</source>
        <translation>QGIS 使用的 numpy 绝不会被更改。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="189"/>
        <source>found</source>
        <translation>已找到</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="189"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="190"/>
        <source>required</source>
        <translation>必需</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="190"/>
        <source>optional</source>
        <translation>可选</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="194"/>
        <source>Landslide detection needs onnxruntime. Choose a build and press Install.</source>
        <translation>滑坡检测需要 onnxruntime。请选择一个版本并点击“安装”。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="250"/>
        <source>Removed the other onnxruntime build:</source>
        <translation>已移除另一个 onnxruntime 版本：</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="241"/>
        <source>Could not start Python for pip:</source>
        <translation>无法启动用于 pip 的 Python：</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="254"/>
        <source>pip failed (exit code {code}). The lines above say why; a network proxy or an offline computer are common causes.</source>
        <translation>pip 失败（退出代码 {code}）。上面的输出说明了原因；常见原因是网络代理或计算机离线。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/deps_dialog.py" line="270"/>
        <source>Installed. If onnxruntime was already loaded, restart QGIS to use the new build.</source>
        <translation>已安装。如果 onnxruntime 已被加载，请重启 QGIS 以使用新版本。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="59"/>
        <source>Runs are saved beside the project.</source>
        <translation>运行结果保存在项目旁边。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="60"/>
        <source>The project is not saved yet, so runs are saved in your home folder.</source>
        <translation>项目尚未保存，因此运行结果保存在您的主文件夹中。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="57"/>
        <source>Landslide Mapper</source>
        <translation>滑坡制图</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="110"/>
        <source>Detect</source>
        <translation>检测</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="114"/>
        <source>Review</source>
        <translation>审核</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="120"/>
        <source>Input layers</source>
        <translation>输入图层</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="124"/>
        <source>Optical imagery (RGB or multispectral) to search for landslides</source>
        <translation>要在其中寻找滑坡的光学影像（RGB 或多光谱）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="127"/>
        <source>(no DEM)</source>
        <translation>(无DEM)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="128"/>
        <source>Digital elevation model; aligned to the image grid automatically</source>
        <translation>数字高程模型；自动对齐到影像网格</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="85"/>
        <source>Image</source>
        <translation>影像</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="84"/>
        <source>DEM</source>
        <translation>DEM</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="108"/>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="141"/>
        <source>Other...</source>
        <translation>其他...</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="142"/>
        <source>Use an ONNX model file exported with the Landslide Mapper model zoo</source>
        <translation>使用由 Landslide Mapper 模型库导出的 ONNX 模型文件</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="154"/>
        <source>Area</source>
        <translation>范围</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="161"/>
        <source>Draw rectangle on the map</source>
        <translation>在地图上绘制矩形</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="164"/>
        <source>Process</source>
        <translation>处理</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="83"/>
        <source>Polygons</source>
        <translation>多边形</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="170"/>
        <source>Detection settings</source>
        <translation>检测设置</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="180"/>
        <source>model&apos;s own</source>
        <translation>模型自带</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="177"/>
        <source>Probability above which a pixel counts as landslide</source>
        <translation>像元被判为滑坡的概率阈值</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="182"/>
        <source>Overlap between neighbouring tiles; blended so no seams show</source>
        <translation>相邻瓦片之间的重叠；经过融合，不会出现接缝</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="185"/>
        <source>Tiles per batch: higher is faster on a GPU, uses more memory</source>
        <translation>每批瓦片数：在 GPU 上越大越快，但占用更多内存</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="195"/>
        <source>Test-time augmentation</source>
        <translation>测试时增强</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="196"/>
        <source>Average 8 flips/rotations of every tile: steadier results and an uncertainty layer, about 8 times slower</source>
        <translation>对每个瓦片的 8 种翻转/旋转取平均：结果更稳定并生成不确定性图层，约慢 8 倍</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="198"/>
        <source>Saliency map</source>
        <translation>显著性图</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="199"/>
        <source>A heat map of the pixels that drove the model&apos;s decision</source>
        <translation>显示驱动模型决策的像元的热力图</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="200"/>
        <source>Threshold</source>
        <translation>阈值</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="201"/>
        <source>Tile overlap</source>
        <translation>瓦片重叠</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="202"/>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="125"/>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="216"/>
        <source>Drop detections smaller than this</source>
        <translation>丢弃小于此面积的检测结果</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="221"/>
        <source>Simplify outlines by this tolerance (0: keep pixel edges)</source>
        <translation>按此容差简化轮廓（0：保留像元边界）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="222"/>
        <source>Minimum area</source>
        <translation>最小面积</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="223"/>
        <source>Simplify</source>
        <translation>简化</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="226"/>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="68"/>
        <source>Detect landslides</source>
        <translation>检测滑坡</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="246"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="258"/>
        <source>The last run&apos;s report appears here.</source>
        <translation>上次运行的报告显示在这里。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="260"/>
        <source>Last run</source>
        <translation>上次运行</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="299"/>
        <source>Models could not be listed: {error}</source>
        <translation>无法列出模型：{error}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="304"/>
        <source>No models found. Use &apos;Other...&apos; to pick an ONNX model file.</source>
        <translation>未找到模型。请使用“其他...”选择一个 ONNX 模型文件。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="311"/>
        <source>image + DEM</source>
        <translation>影像 + DEM</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="311"/>
        <source>image only</source>
        <translation>仅影像</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="317"/>
        <source>Choose an ONNX model</source>
        <translation>选择 ONNX 模型</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="317"/>
        <source>ONNX models (*.onnx)</source>
        <translation>ONNX 模型 (*.onnx)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="329"/>
        <source>This model cannot be used</source>
        <translation>无法使用此模型</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="359"/>
        <source>Available: {providers}</source>
        <translation>可用：{providers}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="362"/>
        <source>no GPU build or no NVIDIA GPU: runs on the CPU</source>
        <translation>没有 GPU 版本或没有 NVIDIA GPU：在 CPU 上运行</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="365"/>
        <source>onnxruntime is not installed: use Plugins ▸ Raster ▸ Landslide Mapper ▸ Check dependencies.</source>
        <translation>未安装 onnxruntime：请使用 插件 ▸ 栅格 ▸ Landslide Mapper ▸ 检查依赖项。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="377"/>
        <source>Required by this model</source>
        <translation>此模型需要</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="377"/>
        <source>This model uses the image only</source>
        <translation>此模型仅使用影像</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="383"/>
        <source>model&apos;s own ({t:.2f})</source>
        <translation>模型自带（{t:.2f}）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="384"/>
        <source>model&apos;s own ({o} px)</source>
        <translation>模型自带（{o} 像素）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="452"/>
        <source>{n} feature(s) selected</source>
        <translation>已选择 {n} 个要素</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="454"/>
        <source>Rectangle drawn</source>
        <translation>已绘制矩形</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="454"/>
        <source>No rectangle drawn yet</source>
        <translation>尚未绘制矩形</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="456"/>
        <source>The part of the image visible on the map when you press Detect</source>
        <translation>按下“检测”时地图上可见的影像部分</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="468"/>
        <source>Drag a rectangle on the map</source>
        <translation>在地图上拖出一个矩形</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="487"/>
        <source>There is no map canvas to take the extent from.</source>
        <translation>没有可获取范围的地图画布。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="493"/>
        <source>No rectangle is drawn. Press &apos;Draw rectangle on the map&apos; and drag one, or choose another area.</source>
        <translation>尚未绘制矩形。请点击“在地图上绘制矩形”并拖出一个矩形，或选择其他区域。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="500"/>
        <source>No polygon is selected. Select the area&apos;s polygons in a polygon layer, or choose another area.</source>
        <translation>未选择任何多边形。请在多边形图层中选择区域的多边形，或选择其他区域。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="519"/>
        <source>The selected polygons could not be saved: {error}</source>
        <translation>无法保存所选多边形：{error}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="623"/>
        <source>Each run gets its own subfolder here.</source>
        <translation>每次运行在此处都有自己的子文件夹。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="629"/>
        <source>This is a temporary folder: results may be deleted when the computer restarts.</source>
        <translation>这是一个临时文件夹：计算机重启后结果可能会被删除。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="638"/>
        <source>Choose an image layer. Add your imagery to the project first.</source>
        <translation>请选择影像图层。请先将影像添加到项目中。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="641"/>
        <source>Layer '{name}' is not a raster file on disk (it comes from '{provider}'). Save it with Export ▸ Save As... as a GeoTIFF and choose the copy.</source>
        <translation>图层“{name}”不是磁盘上的栅格文件（它来自“{provider}”）。请通过 导出 ▸ 另存为... 将其保存为 GeoTIFF，然后选择该副本。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="646"/>
        <source>Choose a model, or pick an ONNX model file with &apos;Other...&apos;.</source>
        <translation>请选择一个模型，或通过“其他...”选择一个 ONNX 模型文件。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="651"/>
        <source>Model &apos;{model}&apos; needs a DEM: choose a DEM layer, or pick a model for imagery only.</source>
        <translation>模型“{model}”需要DEM:请选择DEM图层,或选择仅使用影像的模型。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="654"/>
        <source>The DEM layer is the image layer. Choose the elevation raster as DEM.</source>
        <translation>DEM 图层与影像图层相同。请选择高程栅格作为 DEM。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="657"/>
        <source>DEM layer &apos;{name}&apos; is not a raster file on disk. Save it as a GeoTIFF and choose the copy.</source>
        <translation>DEM 图层“{name}”不是磁盘上的栅格文件。请将其保存为 GeoTIFF，然后选择该副本。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="662"/>
        <source>Choose an output folder.</source>
        <translation>请选择输出文件夹。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="673"/>
        <source>The output folder {folder} cannot be written: {error}. Choose another folder.</source>
        <translation>无法写入输出文件夹 {folder}：{error}。请选择其他文件夹。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="700"/>
        <source>Cannot start</source>
        <translation>无法开始</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="705"/>
        <source>Run {name}</source>
        <translation>运行 {name}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="706"/>
        <source>Output: {folder}</source>
        <translation>输出：{folder}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="708"/>
        <source>Landslide Mapper: {name}</source>
        <translation>Landslide Mapper：{name}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="722"/>
        <source>Cancelling after the current batch...</source>
        <translation>将在当前批次完成后取消...</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="739"/>
        <source>Cancelled: no layers were added.</source>
        <translation>已取消:未添加任何图层。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="741"/>
        <source>Run cancelled.</source>
        <translation>运行已取消。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="744"/>
        <source>Failed: {error}</source>
        <translation>失败：{error}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="746"/>
        <source>Detection failed</source>
        <translation>检测失败</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="746"/>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="748"/>
        <source>The results could not be added</source>
        <translation>无法添加结果</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="755"/>
        <source>Model: {model}</source>
        <translation>模型：{model}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="756"/>
        <source>Device: {provider}</source>
        <translation>设备：{provider}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="756"/>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="757"/>
        <source>Time: {s:.1f} s, {tiles} tiles ({skipped} skipped as nodata)</source>
        <translation>用时：{s:.1f} 秒，{tiles} 个瓦片（{skipped} 个因无数据而跳过）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="759"/>
        <source>Landslides found: {n}, total area {area}</source>
        <translation>发现滑坡：{n} 处，总面积 {area}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="762"/>
        <source>Note: {text}</source>
        <translation>注意：{text}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="766"/>
        <source>{n} landslides found ({area}) in {s} s on {provider}. Review them in the Review tab.</source>
        <translation>在 {provider} 上用时 {s} 秒，发现 {n} 处滑坡（{area}）。请在“审核”选项卡中审核。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="781"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="145"/>
        <source>Landslides</source>
        <translation>滑坡</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="69"/>
        <source>Landslide mask</source>
        <translation>滑坡掩膜</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="338"/>
        <source>Saliency</source>
        <translation>显著性</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="338"/>
        <source>Uncertainty</source>
        <translation>不确定性</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="328"/>
        <source>Landslide probability</source>
        <translation>滑坡概率</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="33"/>
        <source>&amp;Landslide Mapper</source>
        <translation>滑坡制图(&amp;L)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="59"/>
        <source>Map landslides from imagery and a DEM</source>
        <translation>利用影像和DEM绘制滑坡</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="62"/>
        <source>Check dependencies...</source>
        <translation>检查依赖项...</translation>
    </message>
    <message>
        <location filename="../plugin/gui/main.py" line="109"/>
        <source>The dock could not be opened: {error}</source>
        <translation>无法打开停靠面板：{error}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="22"/>
        <source>Inputs: {inputs}</source>
        <translation>输入:{inputs}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="24"/>
        <source>Needs a DEM layer.</source>
        <translation>需要DEM图层。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="25"/>
        <source>Trained at {gsd} m per pixel; tiles of {tile} px; threshold {thr:.2f}</source>
        <translation>训练分辨率 {gsd} 米/像元；瓦片 {tile} 像素；阈值 {thr:.2f}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="29"/>
        <source>precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="29"/>
        <source>recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="36"/>
        <source>Validation (pixels): {scores}</source>
        <translation>验证（像元）：{scores}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="41"/>
        <source>No validation scores recorded.</source>
        <translation>没有记录验证分数。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="55"/>
        <source>Speed: {v:.1f} Mpx/s ({key})</source>
        <translation>速度：{v:.1f} 百万像元/秒（{key}）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="57"/>
        <source>Speed: {v:.1f} tiles/s ({key})</source>
        <translation>速度：{v:.1f} 瓦片/秒（{key}）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/model_card.py" line="59"/>
        <source>Speed: {v:.0f} ms per tile ({key})</source>
        <translation>速度：每瓦片 {v:.0f} 毫秒（{key}）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="66"/>
        <source>◀ Previous (P)</source>
        <translation>◀ 上一个 (P)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="67"/>
        <source>Next (N) ▶</source>
        <translation>下一个 (N) ▶</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="68"/>
        <source>Zoom to it (Z)</source>
        <translation>缩放至 (Z)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="69"/>
        <source>Confirm (C)</source>
        <translation>确认 (C)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="70"/>
        <source>Reject (R)</source>
        <translation>否决 (R)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="71"/>
        <source>Undo mark (U)</source>
        <translation>撤销标记 (U)</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="72"/>
        <source>Edit outline</source>
        <translation>编辑轮廓</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="73"/>
        <source>Switch the layer to edit mode and pick QGIS&apos;s vertex tool; save with QGIS&apos;s Save Edits</source>
        <translation>将图层切换到编辑模式并选择 QGIS 的顶点工具；用 QGIS 的“保存编辑”保存</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="78"/>
        <source>Note on this landslide (saved when you press Enter or move on)</source>
        <translation>关于此滑坡的备注（按回车或切换到下一个时保存）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="84"/>
        <source>Order</source>
        <translation>排序</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="195"/>
        <source>No landslides to review.</source>
        <translation>没有需要审核的滑坡。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="195"/>
        <source>Choose a polygon layer from a detection run.</source>
        <translation>请选择一次检测运行生成的多边形图层。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="202"/>
        <source>Landslide {n} of {total}</source>
        <translation>第 {n} 个滑坡,共 {total} 个</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="219"/>
        <source>confirmed</source>
        <translation>已确认</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="219"/>
        <source>rejected</source>
        <translation>已否决</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="219"/>
        <source>unreviewed</source>
        <translation>未审核</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="220"/>
        <source>Status: {status}</source>
        <translation>状态:{status}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="222"/>
        <source>mean probability {p:.2f}</source>
        <translation>平均概率 {p:.2f}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="224"/>
        <source>uncertainty {u:.3f}</source>
        <translation>不确定性 {u:.3f}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="225"/>
        <source>area {area}</source>
        <translation>面积 {area}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/review.py" line="314"/>
        <source>Reviewed {r} of {t}: {c} confirmed ({ca}), {j} rejected. Total area of all detections: {ta}.</source>
        <translation>已审核 {r}/{t}:确认 {c} 个({ca}),否决 {j} 个。全部检测总面积:{ta}。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/task.py" line="43"/>
        <source>The detection engine could not be loaded: {error}</source>
        <translation>无法加载检测引擎：{error}</translation>
    </message>
    <message>
        <location filename="../plugin/gui/task.py" line="55"/>
        <source>Out of memory. Lower the batch size or process a smaller area.</source>
        <translation>内存不足。请减小批大小或处理更小的区域。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/task.py" line="58"/>
        <source>Detection failed unexpectedly: {error}</source>
        <translation>检测意外失败：{error}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="105"/>
        <source>&apos;{}&apos;: the raster {} cannot be opened. Choose a raster layer or a GeoTIFF file that exists.</source>
        <translation>“{}”：无法打开栅格 {}。请选择一个栅格图层或一个存在的 GeoTIFF 文件。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="113"/>
        <source>&apos;{}&apos; ({}) is not a file the engine can read; writing a temporary GeoTIFF copy to {}</source>
        <translation>“{}”（{}）不是引擎可读取的文件；正在将临时 GeoTIFF 副本写入 {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="117"/>
        <source>Could not copy raster &apos;{}&apos; to a file.</source>
        <translation>无法将栅格“{}”复制为文件。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="123"/>
        <source>Could not copy raster &apos;{}&apos; to a temporary GeoTIFF (error {}).</source>
        <translation>无法将栅格“{}”复制为临时 GeoTIFF（错误 {}）。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="140"/>
        <source>&apos;{}&apos;: the vector layer cannot be read.</source>
        <translation>“{}”：无法读取该矢量图层。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="161"/>
        <source>&apos;{}&apos;: {} cannot be opened. Choose a raster or polygon layer or file.</source>
        <translation>“{}”：无法打开 {}。请选择一个栅格或多边形图层或文件。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="172"/>
        <source>&apos;{}&apos; is not a plain vector file; writing a temporary GeoPackage copy to {}</source>
        <translation>“{}”不是普通矢量文件；正在将临时 GeoPackage 副本写入 {}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="179"/>
        <source>Could not copy &apos;{}&apos; to a temporary GeoPackage: {}</source>
        <translation>无法将“{}”复制为临时 GeoPackage：{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="219"/>
        <source>GDAL could not write {} as {}.</source>
        <translation>GDAL 无法将 {} 写为 {}。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="267"/>
        <source>Polygons can be saved to a file (GeoPackage, Shapefile, GeoJSON...), not to &apos;{}&apos;. Choose a file name.</source>
        <translation>多边形只能保存到文件（GeoPackage、Shapefile、GeoJSON...），不能保存到“{}”。请选择一个文件名。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="44"/>
        <source>Detection</source>
        <translation>检测</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="106"/>
        <source>DEM (terrain models)</source>
        <translation>DEM（地形模型）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="115"/>
        <source>Area of interest (polygons)</source>
        <translation>感兴趣区域（多边形）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="117"/>
        <source>Area of interest (extent)</source>
        <translation>感兴趣区域（范围）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="119"/>
        <source>Threshold (empty: the model&apos;s)</source>
        <translation>阈值（留空：使用模型自带）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="122"/>
        <source>Tile overlap in pixels (empty: the model&apos;s)</source>
        <translation>瓦片重叠像元数（留空：使用模型自带）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="129"/>
        <source>Test-time augmentation (8x slower)</source>
        <translation>测试时增强（慢 8 倍）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="137"/>
        <source>Model file (.onnx, overrides Model)</source>
        <translation>模型文件（.onnx，优先于“模型”）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="78"/>
        <source>Minimum landslide area (m²)</source>
        <translation>最小滑坡面积（m²）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="141"/>
        <source>Simplify polygons (tolerance in m)</source>
        <translation>简化多边形（容差，单位米）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="143"/>
        <source>Tiles per batch</source>
        <translation>每批瓦片数</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="146"/>
        <source>CPU threads (0: all cores)</source>
        <translation>CPU 线程数（0：全部核心）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="91"/>
        <source>Landslide polygons</source>
        <translation>滑坡多边形</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="162"/>
        <source>Uncertainty (needs test-time augmentation)</source>
        <translation>不确定性（需要测试时增强）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Landslides found</source>
        <translation>发现的滑坡数</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="94"/>
        <source>Landslide area (m²)</source>
        <translation>滑坡面积（m²）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="169"/>
        <source>Execution provider used</source>
        <translation>使用的执行提供程序</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="170"/>
        <source>Model used</source>
        <translation>使用的模型</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="171"/>
        <source>Run summary (JSON file)</source>
        <translation>运行摘要（JSON 文件）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="188"/>
        <source>The image cannot be opened: choose a raster layer or a GeoTIFF file.</source>
        <translation>无法打开影像：请选择一个栅格图层或 GeoTIFF 文件。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="191"/>
        <source>The DEM cannot be opened: choose a raster layer or leave DEM empty.</source>
        <translation>无法打开 DEM：请选择一个栅格图层，或将 DEM 留空。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="196"/>
        <source>Threshold {} is not a probability strictly between 0 and 1: use e.g. 0.5, or leave it empty for the model&apos;s tuned threshold.</source>
        <translation>阈值 {} 不是严格介于 0 和 1 之间的概率：请使用例如 0.5，或留空以使用模型调优的阈值。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="199"/>
        <source>Give the area of interest either as polygons or as an extent, not both.</source>
        <translation>感兴趣区域请以多边形或范围之一给出，不要同时给出。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="208"/>
        <source>Model &apos;{}&apos; uses terrain channels ({}) and needs a DEM: give one in &apos;DEM&apos;, or choose an image-only model.</source>
        <translation>模型“{}”使用地形通道（{}），需要 DEM：请在“DEM”中指定，或选择仅影像模型。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="229"/>
        <source>Overlap {} px is more than half of the model&apos;s {} px tiles: use at most {} px.</source>
        <translation>重叠 {} 像素超过了模型 {} 像素瓦片的一半：最多使用 {} 像素。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="266"/>
        <source>A saliency output was asked for: computing saliency (&apos;auto&apos; method).</source>
        <translation>请求了显著性输出：正在计算显著性（“auto”方法）。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="270"/>
        <source>An uncertainty output was asked for: it is the spread of the 8 test-time-augmentation predictions, so augmentation is switched on.</source>
        <translation>请求了不确定性输出：它是 8 个测试时增强预测的离散程度，因此已开启增强。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="139"/>
        <source>Cancelled; no output was written. ({})</source>
        <translation>已取消；未写入任何输出。（{}）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="314"/>
        <source>Cancelled; no output was written.</source>
        <translation>已取消；未写入任何输出。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="316"/>
        <source>Model {} on {}; {} tiles ({} skipped as nodata) in {:.1f} s; {} landslide(s), {:.0f} m².</source>
        <translation>模型 {}，运行于 {}；{} 个瓦片（{} 个因无数据而跳过），用时 {:.1f} 秒；{} 处滑坡，{:.0f} m²。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="354"/>
        <source>Could not write the run summary {}: {}</source>
        <translation>无法写入运行摘要 {}：{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>F1</source>
        <translation>F1</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>IoU (landslide)</source>
        <translation>IoU（滑坡）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>mIoU</source>
        <translation>mIoU</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Matthews correlation</source>
        <translation>Matthews 相关系数</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Balanced accuracy</source>
        <translation>平衡准确率</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>Landslides missed</source>
        <translation>漏检的滑坡</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="32"/>
        <source>False landslides</source>
        <translation>误报的滑坡</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="54"/>
        <source>Evaluate against a reference</source>
        <translation>与参考数据对比评估</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="57"/>
        <source>Accuracy</source>
        <translation>精度</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="69"/>
        <source>Compares a landslide map with a reference map and writes the accuracy report an analyst attaches to a map.

&lt;b&gt;Prediction&lt;/b&gt; and &lt;b&gt;reference&lt;/b&gt;: each a mask raster (1 landslide, 0 not, 255 or nodata not assessed) or a polygon layer (inside = landslide); polygons are rasterised on the grid of the raster among the two (or of the probability raster).
Pixel metrics: precision, recall, F1, IoU, mIoU, MCC, balanced accuracy. Object counts: landslides found, missed and false (a reference landslide is found when a predicted one covers at least the &lt;b&gt;minimum overlap&lt;/b&gt; of it).

Outputs: an HTML report with the confusion matrix and, when a &lt;b&gt;probability raster&lt;/b&gt; is given, precision-recall and ROC curves; an error raster (1 true positive, 2 false positive, 3 false negative, 0 true negative); a table of the metrics with their definitions.</source>
        <translation>将滑坡图与参考图进行比较，并写出分析人员附在地图上的精度报告。

&lt;b&gt;预测&lt;/b&gt;和&lt;b&gt;参考&lt;/b&gt;：各为一个掩膜栅格（1 滑坡，0 非滑坡，255 或无数据表示不评估）或一个多边形图层（内部 = 滑坡）；多边形在两者中栅格（或概率栅格）的网格上栅格化。
像元指标：精确率、召回率、F1、IoU、mIoU、MCC、平衡准确率。对象计数：发现、漏检和误报的滑坡（当预测滑坡至少覆盖参考滑坡的&lt;b&gt;最小重叠&lt;/b&gt;时，该参考滑坡视为已发现）。

输出：包含混淆矩阵的 HTML 报告，给出&lt;b&gt;概率栅格&lt;/b&gt;时还包括精确率-召回率曲线和 ROC 曲线；误差栅格（1 真阳性，2 假阳性，3 假阴性，0 真阴性）；带定义的指标表。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="85"/>
        <source>Prediction (mask or polygons)</source>
        <translation>预测（掩膜或多边形）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="87"/>
        <source>Reference (mask or polygons)</source>
        <translation>参考（掩膜或多边形）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="89"/>
        <source>Probability raster (for PR and ROC curves)</source>
        <translation>概率栅格（用于 PR 和 ROC 曲线）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="92"/>
        <source>Minimum overlap to count a landslide found</source>
        <translation>判定滑坡已发现的最小重叠</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="97"/>
        <source>Accuracy report</source>
        <translation>精度报告</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="97"/>
        <source>HTML files (*.html)</source>
        <translation>HTML 文件 (*.html)</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="99"/>
        <source>Error raster</source>
        <translation>误差栅格</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="101"/>
        <source>Metrics table</source>
        <translation>指标表</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="112"/>
        <source>prediction</source>
        <translation>预测</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="112"/>
        <source>reference</source>
        <translation>参考</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="114"/>
        <source>The {} cannot be opened: choose a mask raster or a polygon layer.</source>
        <translation>无法打开{}：请选择一个掩膜栅格或多边形图层。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="116"/>
        <source>The {} &apos;{}&apos; has {} bands; a landslide mask has one (1 landslide, 0 not). Use a mask raster or polygons.</source>
        <translation>{}“{}”有 {} 个波段；滑坡掩膜只有一个波段（1 滑坡，0 非滑坡）。请使用掩膜栅格或多边形。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="120"/>
        <source>Both prediction and reference are polygons, so there is no pixel grid to compare them on: give one of them as a mask raster, or give the probability raster of the detection.</source>
        <translation>预测和参考都是多边形，因此没有可用于比较的像元网格：请将其中之一作为掩膜栅格给出，或给出检测的概率栅格。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="161"/>
        <source>Errors (TP / FP / FN)</source>
        <translation>误差（TP / FP / FN）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="25"/>
        <source>Red band</source>
        <translation>红波段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="25"/>
        <source>Green band</source>
        <translation>绿波段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="25"/>
        <source>Blue band</source>
        <translation>蓝波段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="25"/>
        <source>Near-infrared band</source>
        <translation>近红外波段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="25"/>
        <source>Short-wave infrared band</source>
        <translation>短波红外波段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="53"/>
        <source>Terrain and spectral features</source>
        <translation>地形与光谱特征</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="89"/>
        <source>Features (empty: all the inputs allow)</source>
        <translation>特征（留空：输入允许的全部）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="94"/>
        <source>Processing window (pixels)</source>
        <translation>处理窗口（像元）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="188"/>
        <source>Features</source>
        <translation>特征</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="141"/>
        <source>Give a DEM (terrain features), an image (spectral indices), or both.</source>
        <translation>请给出 DEM（地形特征）、影像（光谱指数）或两者。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="144"/>
        <source>The {} cannot be opened: choose a raster layer or file.</source>
        <translation>无法打开{}：请选择一个栅格图层或文件。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="146"/>
        <source>No feature can be computed from these inputs: map the image bands to red, green, blue, NIR or SWIR, or give a DEM.</source>
        <translation>无法从这些输入计算任何特征：请将影像波段映射为红、绿、蓝、近红外或短波红外，或给出 DEM。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="152"/>
        <source>the {} band is {} but the image has only {} band(s): choose a band from 1 to {}</source>
        <translation>{}波段为 {}，但影像只有 {} 个波段：请选择 1 到 {} 之间的波段</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="156"/>
        <source>Cannot compute the features: </source>
        <translation>无法计算特征：</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="174"/>
        <source>Features: {}; band mapping: {}</source>
        <translation>特征：{}；波段映射：{}</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="169"/>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="186"/>
        <source>Elevation mean {:.2f} m, standard deviation {:.2f} m</source>
        <translation>高程平均值 {:.2f} m，标准差 {:.2f} m</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="191"/>
        <source>Features ({})</source>
        <translation>特征（{}）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/provider.py" line="31"/>
        <source>Landslide Mapper: landslide detection, features, polygons and accuracy</source>
        <translation>Landslide Mapper：滑坡检测、特征、多边形与精度</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="41"/>
        <source>Landslide mask to polygons</source>
        <translation>滑坡掩膜转多边形</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="56"/>
        <source>Turns a landslide mask (1 landslide, 0 not, 255 nodata - the mask a detection writes) into one polygon per landslide in a GeoPackage, holes kept, ready for review.

Fields: area_m2 and perimeter_m (ground measures, also for a CRS in degrees), mean_prob and max_prob (when a probability raster is given), mean_uncertainty (with an uncertainty raster), mean_slope_deg (with a slope raster in degrees, or a DEM from which the slope is computed on the mask grid), model, created_at, and the review fields status (&apos;unreviewed&apos;, &apos;confirmed&apos;, &apos;rejected&apos;) and note.

&lt;b&gt;Fill holes&lt;/b&gt; below the given area, &lt;b&gt;smooth&lt;/b&gt; the pixel staircase, &lt;b&gt;simplify&lt;/b&gt; with a tolerance in metres, then drop landslides below the &lt;b&gt;minimum area&lt;/b&gt;.</source>
        <translation>将滑坡掩膜（1 滑坡，0 非滑坡，255 无数据——即检测写出的掩膜）转换为 GeoPackage 中每处滑坡一个多边形，保留孔洞，可直接审核。

字段：area_m2 和 perimeter_m（地面量测，坐标系为度时亦然）、mean_prob 和 max_prob（给出概率栅格时）、mean_uncertainty（给出不确定性栅格时）、mean_slope_deg（给出以度为单位的坡度栅格，或给出 DEM 并在掩膜网格上计算坡度时）、model、created_at，以及审核字段 status（'unreviewed'、'confirmed'、'rejected'）和 note。

&lt;b&gt;填充&lt;/b&gt;小于给定面积的孔洞，&lt;b&gt;平滑&lt;/b&gt;像元阶梯，按米为单位的容差&lt;b&gt;简化&lt;/b&gt;，然后丢弃小于&lt;b&gt;最小面积&lt;/b&gt;的滑坡。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="70"/>
        <source>Probability raster</source>
        <translation>概率栅格</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="72"/>
        <source>Uncertainty raster</source>
        <translation>不确定性栅格</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="74"/>
        <source>Slope raster (degrees, band 1)</source>
        <translation>坡度栅格（度，波段 1）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="76"/>
        <source>DEM (slope computed from it)</source>
        <translation>DEM（由其计算坡度）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="81"/>
        <source>Simplification tolerance (m)</source>
        <translation>简化容差（m）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="84"/>
        <source>Smooth outlines</source>
        <translation>平滑轮廓</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="86"/>
        <source>Fill holes smaller than (m²)</source>
        <translation>填充小于此面积的孔洞（m²）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="89"/>
        <source>Model name for the &apos;model&apos; field</source>
        <translation>“model”字段中的模型名称</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="102"/>
        <source>The landslide mask cannot be opened: choose a raster layer or file.</source>
        <translation>无法打开滑坡掩膜：请选择一个栅格图层或文件。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="104"/>
        <source>&apos;{}&apos; has {} bands; a landslide mask has one (1 landslide, 0 not, 255 nodata). Use the mask a detection writes, or extract one band first.</source>
        <translation>“{}”有 {} 个波段；滑坡掩膜只有一个波段（1 滑坡，0 非滑坡，255 无数据）。请使用检测写出的掩膜，或先提取一个波段。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="108"/>
        <source>Give either a slope raster or a DEM, not both.</source>
        <translation>请给出坡度栅格或 DEM 之一，不要同时给出。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="126"/>
        <source>Computing the slope of {} on the mask grid</source>
        <translation>正在掩膜网格上计算 {} 的坡度</translation>
    </message>
    <message>
        <location filename="../plugin/processing/vectorize_algorithm.py" line="142"/>
        <source>{} landslide(s), {:.0f} m² in all</source>
        <translation>{} 处滑坡，共 {:.0f} m²</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="148"/>
        <source>GeoTIFF compression (deflate: for software that cannot read zstd)</source>
        <translation>GeoTIFF 压缩方式（deflate：用于无法读取 zstd 的软件）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="191"/>
        <source>all cores</source>
        <translation>所有核心</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="192"/>
        <source>CPU threads for the model; fewer leave cores free for other work</source>
        <translation>模型使用的 CPU 线程数；线程越少，留给其他工作的核心越多</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="205"/>
        <source>CPU threads</source>
        <translation>CPU 线程</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="235"/>
        <source>How the GeoTIFFs are compressed (both lossless): deflate for software that cannot read ZSTD</source>
        <translation>GeoTIFF 的压缩方式（均为无损）：无法读取 ZSTD 的软件请选 deflate</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="43"/>
        <source>Whole image layer</source>
        <translation>整个影像图层</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="43"/>
        <source>Current map extent</source>
        <translation>当前地图范围</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="43"/>
        <source>Selected features of a polygon layer</source>
        <translation>面图层中选中的要素</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="43"/>
        <source>Rectangle drawn on the map</source>
        <translation>在地图上绘制的矩形</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="48"/>
        <source>Automatic (GPU when available)</source>
        <translation>自动（有 GPU 时使用 GPU）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="48"/>
        <source>GPU (CUDA)</source>
        <translation>GPU（CUDA）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="48"/>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="52"/>
        <source>ZSTD (fastest; QGIS, GDAL 2.3 and later)</source>
        <translation>ZSTD（最快；QGIS、GDAL 2.3 及以上版本）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="52"/>
        <source>Deflate (older GIS software)</source>
        <translation>Deflate（较旧的 GIS 软件）</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="521"/>
        <source>{saved} of {wanted} polygons reached the file</source>
        <translation>{wanted} 个多边形中只有 {saved} 个写入了文件</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="523"/>
        <source>The selected polygons could not be saved in {folder} ({reason}). The disk may be full or the folder no longer writable: free some space there or choose another output folder.</source>
        <translation>无法将所选多边形保存到 {folder}（{reason}）。磁盘可能已满，或该文件夹已不可写：请在那里腾出空间，或选择其他输出文件夹。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="321"/>
        <source>The output {} is a folder: give a file name for {}.</source>
        <translation>输出 {} 是一个文件夹：请为 {} 指定文件名。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="325"/>
        <source>The folder of the output {} cannot be made ({}). Choose another location for {}.</source>
        <translation>无法创建输出 {} 所在的文件夹（{}）。请为 {} 选择其他位置。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="331"/>
        <source>The output {} cannot be written in {} ({}). Choose another location for {}.</source>
        <translation>无法写入输出 {}，位置 {}（{}）。请为 {} 选择其他位置。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="335"/>
        <source>{} holds an analyst&apos;s review ({}): this run would replace it. Choose another file for {}, or move that one elsewhere first.</source>
        <translation>{} 包含分析人员的审核结果（{}）：本次运行会将其替换。请为 {} 选择其他文件，或先将该文件移到别处。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/common.py" line="349"/>
        <source>The output {} could not be put at {} ({}). Free some space there or choose another location for {}.</source>
        <translation>无法将输出 {} 放到 {}（{}）。请在那里腾出空间，或为 {} 选择其他位置。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/evaluate_algorithm.py" line="156"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="400"/>
        <source>The image band the model reads as its &apos;{role}&apos; band. Taken from the bands&apos; colour tags when they have them, else in band order: change it when your imagery stores its bands in another order (blue, green, red, for example).</source>
        <translation>模型作为其“{role}”波段读取的影像波段。影像波段带有颜色标记时据此选取，否则按波段顺序：若影像以其他顺序存储波段（例如蓝、绿、红），请在此更改。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="438"/>
        <source>Choose an image band for each band the model reads ({roles}): &apos;{layer}&apos; has {count} band(s), so the same band may be chosen more than once.</source>
        <translation>请为模型读取的每个波段（{roles}）选择一个影像波段：“{layer}”只有 {count} 个波段，同一波段可以被多次选择。</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="807"/>
        <source>NIR band</source>
        <translation>近红外波段</translation>
    </message>
    <message>
        <location filename="../plugin/gui/dock.py" line="808"/>
        <source>Band for &apos;{role}&apos;</source>
        <translation>“{role}”波段</translation>
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
        <translation>使用内置的深度学习模型在影像（对于地形模型，还有 DEM）中绘制滑坡，与 Landslide Mapper 停靠面板的做法完全相同。

&lt;b&gt;影像&lt;/b&gt;：任意波段数和数据类型（uint8、uint16、float）。模型元数据说明读取哪些波段以及如何归一化。
&lt;b&gt;影像波段&lt;/b&gt;：按模型的波段顺序，为模型读取的每个波段指定影像波段（红-绿-蓝模型遇到蓝-绿-红影像时为 3,2,1）。留空：带有红、绿、蓝标记的波段无论位于何处都会被找到，否则使用波段 1、2、3。
&lt;b&gt;DEM&lt;/b&gt;：地形模型需要；可为任意坐标系、像元大小和范围——会即时对齐到影像网格。
&lt;b&gt;模型&lt;/b&gt;：“auto”在给出 DEM 时选择默认地形模型，否则选择默认的仅影像模型。模型文件（高级）优先于该选择。
&lt;b&gt;感兴趣区域&lt;/b&gt;：多边形（选择时仅用所选要素）或一个范围；不指定时处理整幅影像。
&lt;b&gt;阈值&lt;/b&gt;：像元被判为滑坡的概率；留空则使用模型调优的阈值。&lt;b&gt;重叠&lt;/b&gt;：瓦片重叠像元数；留空则使用模型默认值。
&lt;b&gt;测试时增强&lt;/b&gt;运行 8 种翻转/旋转并取平均（慢 8 倍）；同时生成不确定性图层。

输出：滑坡概率（0-1）、二值掩膜（1 滑坡，0 非滑坡，255 无数据）、带审核字段的可编辑多边形，以及可选的不确定性和显著性栅格。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="112"/>
        <source>Image bands, in the model&apos;s band order (e.g. 3,2,1 for blue-green-red imagery; empty: from the colour tags)</source>
        <translation>影像波段，按模型的波段顺序（例如蓝-绿-红影像为 3,2,1；留空：依据颜色标记）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/detect_algorithm.py" line="221"/>
        <source>Model &apos;{}&apos; reads {} image bands ({}) but &apos;{}&apos; has only {} band(s): say which band to use for each in &apos;Image bands&apos; (e.g. 1,1,1), or choose an image with at least {} bands or a model made for this imagery.</source>
        <translation>模型“{}”读取 {} 个影像波段（{}），但“{}”只有 {} 个波段：请在“影像波段”中为每个波段指定所用的影像波段（例如 1,1,1），或选择至少有 {} 个波段的影像或适合该影像的模型。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="68"/>
        <source>Computes the terrain features and spectral indices the landslide models use, one band per feature, in a float32 GeoTIFF (NaN is nodata; band descriptions name the features).

&lt;b&gt;From the DEM&lt;/b&gt;: elevation_norm (z-score of elevation over the area), slope_deg (degrees), aspect_deg (downhill direction, degrees from north), hillshade (0-1, sun at 315°/45°), curvature (1/100 m, positive on crests). Cell sizes are in real metres, also for a DEM in degrees.
&lt;b&gt;From the image&lt;/b&gt;: brightness (mean of red, green, blue), NDVI, NDMI, GNDVI and BSI from the bands you map to red, green, blue, NIR and SWIR. With no mapping, the bands tagged red, green and blue (their colour interpretation) are used wherever they lie, and an untagged 3-band image is read as red, green, blue.

With an image, the output is on the image grid and the DEM is aligned to it (bilinear); without one, on the DEM grid. Leave &lt;b&gt;Features&lt;/b&gt; empty to compute all that the inputs allow.</source>
        <translation>计算滑坡模型使用的地形特征和光谱指数，每个特征一个波段，输出为 float32 GeoTIFF（NaN 表示无数据；波段描述给出特征名称）。

&lt;b&gt;来自 DEM&lt;/b&gt;：elevation_norm（区域内高程的 z 分数）、slope_deg（度）、aspect_deg（下坡方向，自北起算的度数）、hillshade（0-1，太阳位于 315°/45°）、curvature（1/100 m，山脊处为正）。像元大小以实际米计，DEM 为度单位时亦然。
&lt;b&gt;来自影像&lt;/b&gt;：brightness（红、绿、蓝的平均值），以及由您映射为红、绿、蓝、近红外和短波红外的波段计算的 NDVI、NDMI、GNDVI 和 BSI。未映射时，使用标记为红、绿、蓝（其颜色解释）的波段，无论其位于何处；未标记的 3 波段影像按红、绿、蓝读取。

给出影像时，输出位于影像网格上，DEM 对齐到该网格（双线性）；否则位于 DEM 网格上。将&lt;b&gt;特征&lt;/b&gt;留空以计算输入允许的全部特征。</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="171"/>
        <source>(from the bands&apos; colour interpretation)</source>
        <translation>（依据波段的颜色解释）</translation>
    </message>
    <message>
        <location filename="../plugin/processing/features_algorithm.py" line="173"/>
        <source>(an untagged 3-band image, in band order)</source>
        <translation>（未标记的 3 波段影像，按波段顺序）</translation>
    </message>
</context>
</TS>
