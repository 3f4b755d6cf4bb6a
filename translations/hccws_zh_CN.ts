<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>QObject</name>
    <message>
        <location filename="../viewer/widgets/src/label_editor.cpp" line="+14"/>
        <source>Navigate</source>
        <translation>导航</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paint</source>
        <translation>绘制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erase</source>
        <translation>擦除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Threshold paint</source>
        <translation>阈值绘制</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill region</source>
        <translation>区域填充</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erase region</source>
        <translation>区域擦除</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active contour</source>
        <translation>主动轮廓</translation>
    </message>
    <message>
        <location filename="../app/gui/segment_controller.cpp" line="+56"/>
        <source>the model needs the %1 phase, but no series of the study is marked %1 (the study has: %2); set the phase of a series in the Study panel</source>
        <translation>模型需要 %1 期相，但本检查中没有序列被标记为 %1（现有：%2）；请在“检查”面板中设置序列的期相</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no series</source>
        <translation>无序列</translation>
    </message>
</context>
<context>
    <name>hccws::core::Phrase</name>
    <message>
        <location filename="../viewer/core/src/phase_detection.cpp" line="+81"/>
        <source>no phase information</source>
        <translation>无期相信息</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 &apos;%2&apos; names no single phase</source>
        <translation>%1“%2”未指明单一期相</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file name &apos;%1&apos; names no single phase</source>
        <translation>文件名“%1”未指明单一期相</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ContrastBolusAgent is &apos;%1&apos;</source>
        <translation>ContrastBolusAgent 为“%1”</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>contrast agent &apos;%1&apos;</source>
        <translation>对比剂“%1”</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>contrast route &apos;%1&apos;</source>
        <translation>对比剂途径“%1”</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>%1 &apos;%2&apos; contains &apos;%3&apos;</source>
        <translation>%1“%2”含“%3”</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>file name &apos;%1&apos; contains &apos;%2&apos;</source>
        <translation>文件名“%1”含“%2”</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>MR delay AcquisitionTime - ContrastBolusStartTime = %1 s with a hepatobiliary agent (pre-contrast &lt; 10, arterial 10-45, portal venous 45-120, transitional 120-600, hepatobiliary &gt;= 600 s)</source>
        <translation>MR 延迟 AcquisitionTime - ContrastBolusStartTime = %1 s，使用肝胆特异性对比剂（增强前 &lt; 10，动脉期 10-45，门静脉期 45-120，移行期 120-600，肝胆期 &gt;= 600 s）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>MR delay AcquisitionTime - ContrastBolusStartTime = %1 s (pre-contrast &lt; 10, arterial 10-45, portal venous 45-120, delayed &gt; 120 s)</source>
        <translation>MR 延迟 AcquisitionTime - ContrastBolusStartTime = %1 s（增强前 &lt; 10，动脉期 10-45，门静脉期 45-120，延迟期 &gt; 120 s）</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>delay AcquisitionTime - ContrastBolusStartTime = %1 s (native &lt; 10, arterial 10-50, portal venous 50-100, delayed &gt; 100 s)</source>
        <translation>延迟 AcquisitionTime - ContrastBolusStartTime = %1 s（平扫 &lt; 10，动脉期 10-50，门静脉期 50-100，延迟期 &gt; 100 s）</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>contrast series %1 of %2 of this study in acquisition order</source>
        <translation>按采集顺序为本检查第 %1 个（共 %2 个）增强序列</translation>
    </message>
    <message>
        <location filename="../viewer/core/src/phase_content.cpp" line="+156"/>
        <source>image content: vessel %1 HU on %2/%3 slices, soft tissue median %4 HU</source>
        <translation>图像内容：血管 %1 HU（%2/%3 层），软组织中位数 %4 HU</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>image content: no enhanced vessel (a candidate on %1/%2 slices only), soft tissue median %3 HU</source>
        <translation>图像内容：无强化血管（仅 %1/%2 层有候选），软组织中位数 %3 HU</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> -&gt; no enhancement</source>
        <translation> -&gt; 无强化</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> -&gt; washed out</source>
        <translation> -&gt; 已廓清</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> -&gt; arterial (vessel &gt;= 280 HU)</source>
        <translation> -&gt; 动脉期（血管 &gt;= 280 HU）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> -&gt; portal venous (vessel &lt; 280 HU, vessel + tissue &gt;= 240)</source>
        <translation> -&gt; 门静脉期（血管 &lt; 280 HU，血管 + 组织 &gt;= 240）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> -&gt; delayed (vessel + tissue &lt; 240 HU)</source>
        <translation> -&gt; 延迟期（血管 + 组织 &lt; 240 HU）</translation>
    </message>
</context>
<context>
    <name>hccws::gui::CasePanel</name>
    <message>
        <location filename="../app/gui/case_panel.cpp" line="+25"/>
        <source>Series</source>
        <translation>序列</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phase</source>
        <translation>期相</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Step</source>
        <translation>步骤</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save case</source>
        <translation>保存病例</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify sources</source>
        <translation>核对来源</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark reviewed</source>
        <translation>标记为已审阅</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Records that the segmentation was reviewed (stale again after any edit)</source>
        <translation>记录分割已审阅（任何编辑后重新变为过期）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Run the rest</source>
        <translation>运行其余步骤</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Runs the steps not done yet, one after the other: register, segment (only when there is no segmentation), PMN, save</source>
        <translation>依次运行尚未完成的步骤：配准、分割（仅在没有分割时）、PMN、保存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Decision:</source>
        <translation>决定：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>not decided</source>
        <translation>未决定</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Key images for the board:</source>
        <translation>供委员会使用的关键图像：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Mark view</source>
        <translation>标记视图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adds the view with the focus as a key image (Ctrl+K): a slice through the cursor, or a snapshot of the 3D view</source>
        <translation>将具有焦点的视图添加为关键图像（Ctrl+K）：经过光标的切面，或三维视图的快照</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Propose</source>
        <translation>建议</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Adds the proposed set: the largest tumour&apos;s slice in every phase, the PMN heatmap&apos;s slice, the 3D overview</source>
        <translation>添加建议的图像组：各期相中最大肿瘤的切面、PMN 热图的切面、三维概览</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Note for the tumour board:</source>
        <translation>肿瘤委员会备注：</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>No case is open. File &gt; Save case as... keeps the study shown, its segmentation, results, inputs and note in a case folder that survives a crash.</source>
        <translation>未打开病例。文件 &gt; 病例另存为… 将当前检查及其分割、结果、输入和备注保存在病例文件夹中，崩溃后也不会丢失。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Read-only: %1</source>
        <translation>只读：%1</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>(proposed) %1</source>
        <translation>（建议）%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>None is chosen yet: the report and presentation mode show this proposed set</source>
        <translation>尚未选择：报告和演示模式将显示这组建议图像</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>done</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>STALE</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not yet</source>
        <translation>尚未</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not needed</source>
        <translation>不需要</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not available yet</source>
        <translation>暂不可用</translation>
    </message>
</context>
<context>
    <name>hccws::gui::CaseReport</name>
    <message>
        <location filename="../app/gui/case_report.cpp" line="+142"/>
        <source>page %1</source>
        <translation>第 %1 页</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>the case holds %1 edit(s) after its last save (in its journal): this report shows the last save</source>
        <translation>该病例在上次保存后还有 %1 个编辑（在日志中）：本报告显示的是上次保存的内容</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the case has no segmentation: nothing is measured</source>
        <translation>该病例没有分割：未进行测量</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a PMN heatmap cannot be read: %1</source>
        <translation>无法读取 PMN 热图：%1</translation>
    </message>
    <message>
        <location line="+41"/>
        <location line="+8"/>
        <source>Tumour board report</source>
        <translation>肿瘤委员会报告</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>RESEARCH USE ONLY - not a medical device, not for clinical decisions. Models: %1</source>
        <translation>仅供研究使用——非医疗器械，不用于临床决策。模型：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>RESEARCH USE ONLY. Not a medical device; not for diagnosis, treatment planning or any clinical decision. Every number below says where it comes from.</source>
        <translation>仅供研究使用。非医疗器械；不用于诊断、治疗计划或任何临床决策。以下每个数值都注明了来源。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>De-identified case %1 (no name, ID, dates or folder in this report)</source>
        <translation>去标识化病例 %1（本报告不含姓名、ID、日期或文件夹）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Patient ID</source>
        <translation>患者 ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Study date</source>
        <translation>检查日期</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Case</source>
        <translation>病例</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1, saved %2 (generation %3)</source>
        <translation>%1，保存于 %2（第 %3 版）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Key images</source>
        <translation>关键图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chosen by the user in the workstation.</source>
        <translation>由用户在工作站中选择。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proposed (no key image was chosen): the axial slice through the largest tumour&apos;s centre in each phase, the slice through the PMN heatmap&apos;s peak, the segmentation seen from the front. Liver window W 150 / L 90 HU; the segmentation&apos;s outline and fill in its segment colours.</source>
        <translation>建议图像（未选择关键图像）：各期相中经过最大肿瘤中心的轴位切面、经过 PMN 热图峰值的切面、从前方观察的分割。肝窗 W 150 / L 90 HU；分割的轮廓和填充使用其分段颜色。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Cannot be drawn: %1</source>
        <translation>无法绘制：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No image: the case has no series that can be read.</source>
        <translation>无图像：该病例没有可读取的序列。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Measurements</source>
        <translation>测量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not measured: the case has no segmentation.</source>
        <translation>未测量：该病例没有分割。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>segmentation version %1</source>
        <translation>分割第 %1 版</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Measure</source>
        <translation>测量项</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+33"/>
        <location line="+32"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="-65"/>
        <source>Measured on</source>
        <translation>测量依据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Liver volume (tumour excluded)</source>
        <translation>肝脏体积（不含肿瘤）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+2"/>
        <source>%1 mL</source>
        <translation>%1 %2 mL {1 ?}</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+1"/>
        <location line="+1"/>
        <location line="+3"/>
        <location line="+2"/>
        <source>not measured</source>
        <translation>未测量</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Tumours (touching the liver)</source>
        <translation>肿瘤（与肝脏相连）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tumour volume</source>
        <translation>肿瘤体积</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Largest diameter</source>
        <translation>最大直径</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 mm (3D), %2 mm (axial)</source>
        <translation>%1 mm（三维），%2 mm（轴位）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tumour burden</source>
        <translation>肿瘤负荷</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 % of liver + tumour</source>
        <translation>占肝脏 + 肿瘤的 %1 %</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Portal vein tumour thrombus</source>
        <translation>门静脉癌栓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>present (%1 mL)</source>
        <translation>有（%1 mL）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>absent</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not measured (no segment)</source>
        <translation>未测量（无此分段）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tumour %1</source>
        <translation>肿瘤 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 mL, %2 mm 3D, %3 mm axial</source>
        <translation>%1 mL，三维 %2 mm，轴位 %3 mm</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Segmentation made by: %1</source>
        <translation>分割来源：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Proliferative subtype (PMN)</source>
        <translation>增殖亚型（PMN）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>p(proliferative)</source>
        <translation>p（增殖型）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>DL risk score, %1</source>
        <translation>DL 风险评分，%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Computed by: %1%2</source>
        <translation>计算者：%1%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> - STALE: the segmentation or the sources changed since</source>
        <translation> —— 已过期：此后分割或来源已改变</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Heatmap: %1 - %2 (yellow at 30 % of its range to red at its maximum).</source>
        <translation>热图：%1 - %2（从其范围 30 % 处的黄色到最大值处的红色）。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No heatmap is kept in the case (run the PMN in the workstation and save, or use hccws analyze).</source>
        <translation>病例中未保存热图（在工作站中运行 PMN 并保存，或使用 hccws analyze）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not run in this case. The nomogram&apos;s DL risk score and subtype are then typed, assumed or missing (see the inputs below).</source>
        <translation>本病例未运行。列线图的 DL 风险评分和亚型因此为用户输入、假定或缺失（见下方输入）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Nomogram inputs</source>
        <translation>列线图输入</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Where it comes from</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Predicted survival by treatment arm</source>
        <translation>各治疗组的预测生存</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Arm</source>
        <translation>治疗组</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Risk group</source>
        <translation>风险分组</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 / 2 / 3-year survival</source>
        <translation>1 / 2 / 3 年生存率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Median OS</source>
        <translation>中位总生存期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>not computed: inputs missing</source>
        <translation>未计算：缺少输入</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>HIGH</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 months</source>
        <translation>%1 个月</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not reached</source>
        <translation>未达到</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Decision and note</source>
        <translation>决定与备注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Treatment arm chosen: %1</source>
        <translation>选择的治疗组：%1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(no note)</source>
        <translation>（无备注）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Provenance</source>
        <translation>来源说明</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>What</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From</source>
        <translation>来源</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Series %1: %2</source>
        <translation>序列 %1：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1; %2 file(s), SHA-256 %3</source>
        <translation>%1；%2 个文件，SHA-256 %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 nomogram</source>
        <translation>%1 列线图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1 from the case&apos;s save of generation %2</source>
        <translation>%1，基于病例第 %2 版保存</translation>
    </message>
</context>
<context>
    <name>hccws::gui::CohortDock</name>
    <message>
        <location filename="../app/gui/cohort_dock.cpp" line="+95"/>
        <source>%1 of %2 patients (%3); %4 dropped for missing values</source>
        <translation>%2 例患者中的 %1 例（%3）；%4 例因缺失值被排除</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not in the table, fixed at the model&apos;s assumed value for every patient: %1 (discrimination is that of the other terms)</source>
        <translation>表中没有，对每位患者固定为模型的假定值：%1（区分度仅反映其他项）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cohort</source>
        <translation>队列</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Other...</source>
        <translation>其他...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Mapping:</source>
        <translation>映射：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the cohort&apos;s table (CSV)</source>
        <translation>队列的数据表（CSV）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Browse...</source>
        <translation>浏览...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Table:</source>
        <translation>数据表：</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Model file...</source>
        <translation>模型文件...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Model:</source>
        <translation>模型：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Nomogram model file</source>
        <translation>列线图模型文件</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Nomogram models (*.json)</source>
        <translation>列线图模型 (*.json)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Validate on the cohort</source>
        <translation>在队列上验证</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Horizon of the calibration and decision-curve panels</source>
        <translation>校准图和决策曲线所用的时间点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export...</source>
        <translation>导出...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Horizon:</source>
        <translation>时间点：</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The cohort&apos;s row that is the patient shown (found by ID in the study&apos;s folder or PatientID)</source>
        <translation>队列中对应当前患者的行（按检查文件夹名或 PatientID 中的 ID 查找）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill the nomogram from this row</source>
        <translation>用此行填写列线图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Patient&apos;s row:</source>
        <translation>患者所在行：</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Cohort mapping</source>
        <translation>队列映射</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Cohort mappings (*.json)</source>
        <translation>队列映射 (*.json)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The cohort&apos;s table</source>
        <translation>队列的数据表</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV tables (*.csv)</source>
        <translation>CSV 数据表 (*.csv)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Export the cohort view</source>
        <translation>导出队列视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF (*.pdf);;PNG image (*.png);;SVG drawing (*.svg)</source>
        <translation>PDF (*.pdf);;PNG 图像 (*.png);;SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Choose a cohort mapping, its table and a model, then Validate. Nothing leaves this computer.</source>
        <translation>选择队列映射、其数据表和模型，然后点击验证。数据不会离开本计算机。</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 - %2 (file)</source>
        <translation>%1 - %2（文件）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Not a nomogram model: %1</source>
        <translation>不是列线图模型：%1</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Choose a mapping, the cohort&apos;s table and a model first</source>
        <translation>请先选择映射、队列数据表和模型</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Importing %1 and validating the %2 model ...</source>
        <translation>正在导入 %1 并验证 %2 模型 ...</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Cancelled: the result will be dropped</source>
        <translation>已取消：结果将被丢弃</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not validate: %1</source>
        <translation>无法验证：%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 months</source>
        <translation>%1 个月</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: %2 patients analysed of %3 (%4); %5 deaths.%6</source>
        <translation>%1：分析了 %3 例中的 %2 例患者（%4）；死亡 %5 例。%6</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not in the table, ASSUMED for every patient: %1.</source>
        <translation>表中没有，对每位患者均为假定值：%1。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1, %2 (line %3)</source>
        <translation>%1，%2（第 %3 行）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>this patient</source>
        <translation>本患者</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>%1: nothing to export (validate first)</source>
        <translation>%1：没有可导出的内容（请先验证）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cohort validation</source>
        <translation>队列验证</translation>
    </message>
</context>
<context>
    <name>hccws::gui::DisplayNames</name>
    <message>
        <location filename="../app/gui/display_names.cpp" line="+9"/>
        <source>Native</source>
        <translation>平扫</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arterial</source>
        <translation>动脉期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portal venous</source>
        <translation>门静脉期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delayed</source>
        <translation>延迟期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hepatobiliary</source>
        <translation>肝胆期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sagittal</source>
        <translation>矢状位</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Abdomen</source>
        <translation>腹部</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Liver</source>
        <translation>肝脏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bone</source>
        <translation>骨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lung</source>
        <translation>肺</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DICOM</source>
        <translation>DICOM</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Hot</source>
        <translation>热色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jet</source>
        <translation>Jet 彩虹</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Viridis</source>
        <translation>Viridis</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>CT soft tissue</source>
        <translation>CT 软组织</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>CT liver and vessels</source>
        <translation>CT 肝脏和血管</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CT bone</source>
        <translation>CT 骨</translation>
    </message>
</context>
<context>
    <name>hccws::gui::GrowSession</name>
    <message>
        <location filename="../app/gui/grow_session.cpp" line="+157"/>
        <source>Grow from seeds: update cancelled; the next stroke starts a new one</source>
        <translation>种子生长：更新已取消；下一笔将重新开始</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Grow from seeds: nothing to apply yet (paint seeds of two labels and wait for the preview)</source>
        <translation>种子生长：尚无可应用的结果（请绘制两种标签的种子并等待预览）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Grow from seeds: the segmentation is on another grid than the CT shown; nothing applied</source>
        <translation>种子生长：分割与所显示 CT 的网格不同；未应用任何更改</translation>
    </message>
</context>
<context>
    <name>hccws::gui::KeyImages</name>
    <message>
        <location filename="../app/gui/key_images.cpp" line="+39"/>
        <source>coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>sagittal</source>
        <translation>矢状位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>3D</source>
        <translation>三维</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>segmentation seen from the front</source>
        <translation>从前方观察的分割</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>snapshot of the 3D view</source>
        <translation>三维视图快照</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>heatmap %1</source>
        <translation>热图 %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: the 3D snapshot cannot be read</source>
        <translation>%1：无法读取三维快照</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>no segmentation: there is no 3D view to show</source>
        <translation>无分割：没有可显示的三维视图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>3D: segmentation seen from the front</source>
        <translation>三维：从前方观察的分割</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>series %1 is not in the case</source>
        <translation>序列 %1 不在病例中</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>series %1 is not loaded</source>
        <translation>序列 %1 未加载</translation>
    </message>
    <message>
        <location line="+6"/>
        <source> (no overlay: another grid)</source>
        <translation>（无叠加：网格不同）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the heatmap &apos;%1&apos; is not in the case</source>
        <translation>热图“%1”不在病例中</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> + heatmap %1</source>
        <translation> + 热图 %1</translation>
    </message>
</context>
<context>
    <name>hccws::gui::LabelPanel</name>
    <message>
        <location filename="../app/gui/label_panel.cpp" line="+21"/>
        <source>Label</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Voxels</source>
        <translation>体素数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Volume (mL)</source>
        <translation>体积 (mL)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Opacity</source>
        <translation>不透明度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check: show or hide. Double-click a name: choose its colour. Opacity: in 2D and 3D.</source>
        <translation>勾选：显示或隐藏。双击名称：选择颜色。不透明度：作用于二维和三维视图。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Colour of %1</source>
        <translation>%1 的颜色</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>Opacity of %1 in the slice views and the 3D view</source>
        <translation>%1 在切片视图和三维视图中的不透明度</translation>
    </message>
</context>
<context>
    <name>hccws::gui::MainWindow</name>
    <message>
        <location filename="../app/gui/main_window.cpp" line="+40"/>
        <source>HCC Workstation[*] - Research use only</source>
        <translation>HCC Workstation[*] - 仅供研究使用</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Study</source>
        <translation>检查</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Segmentation</source>
        <translation>分割</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Loading cancelled</source>
        <translation>已取消加载</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Move the mouse over a slice to probe</source>
        <translation>将鼠标移到切片上以读取数值</translation>
    </message>
    <message>
        <location line="+8"/>
        <location filename="../app/gui/main_window_grow.cpp" line="+78"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>RESEARCH USE ONLY - not for clinical decisions</source>
        <translation>仅供研究使用 - 不得用于临床决策</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>HCC Workstation 0.1 - RESEARCH USE ONLY. Not a medical device; not for diagnosis, treatment planning or any clinical decision. Models shipped with it are demonstrations trained on synthetic phantoms.</source>
        <translation>HCC Workstation 0.1 - 仅供研究使用。非医疗器械；不得用于诊断、治疗计划或任何临床决策。随附的模型均为基于合成体模训练的演示模型。</translation>
    </message>
    <message>
        <location line="+21"/>
        <location line="+10"/>
        <source>opening %1</source>
        <translation>打开 %1</translation>
    </message>
    <message>
        <location line="-5"/>
        <location line="+14"/>
        <location line="+10"/>
        <location line="+108"/>
        <location filename="../app/gui/main_window_case.cpp" line="+260"/>
        <source>Busy: wait for the current load or cancel it</source>
        <translation>忙碌：请等待当前加载完成或将其取消</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>opening the phantom demo</source>
        <translation>打开体模演示</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Not kept in a case yet: File &gt; Save case as... keeps this study with its segmentation, results, inputs and note, safe from a crash</source>
        <translation>尚未保存为病例：文件 &gt; 病例另存为… 可保存此检查及其分割、结果、输入和备注，崩溃时也不会丢失</translation>
    </message>
    <message>
        <location line="+26"/>
        <location line="+28"/>
        <source> (registered)</source>
        <translation>（已配准）</translation>
    </message>
    <message>
        <location line="-1"/>
        <source> (no second phase)</source>
        <translation> (无第二期相)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (not registered: Study &gt; Register phases)</source>
        <translation>（未配准：检查 &gt; 配准期相）</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_editor.cpp" line="+31"/>
        <source>Segment editor</source>
        <translation>分割编辑器</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Measurements</source>
        <translation>测量</translation>
    </message>
    <message>
        <location line="+48"/>
        <location filename="../app/gui/main_window_menus.cpp" line="+248"/>
        <source>There is no segmentation to save</source>
        <translation>没有可保存的分割</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not save the segmentation</source>
        <translation>无法保存分割</translation>
    </message>
    <message>
        <location line="+0"/>
        <location filename="../app/gui/main_window_grow.cpp" line="+118"/>
        <source>Could not save %1: %2</source>
        <translation>无法保存 %1：%2</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../app/gui/main_window_menus.cpp" line="+23"/>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Unsaved segmentation edits</source>
        <translation>未保存的分割编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The segmentation has edits that are not saved. Save them before %1?</source>
        <translation>分割中有尚未保存的编辑。是否在%1之前保存？</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../app/gui/main_window_menus.cpp" line="-18"/>
        <source>Save segmentation</source>
        <translation>保存分割</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../app/gui/main_window_menus.cpp" line="+1"/>
        <source>NRRD with label table (*.nrrd);;NIfTI (*.nii.gz *.nii);;DICOM SEG (*.dcm)</source>
        <translation>带标签表的 NRRD (*.nrrd);;NIfTI (*.nii.gz *.nii);;DICOM SEG (*.dcm)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>closing</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_menus.cpp" line="-225"/>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>2 x 2</source>
        <translation>2 x 2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>One large view</source>
        <translation>单个大视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Arterial | portal venous</source>
        <translation>动脉期 | 门静脉期</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>&amp;Nomogram: TACE vs HAIC</source>
        <translation>列线图：TACE 对比 HAIC(&amp;N)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Cohort: validation and the patient&apos;s place in it</source>
        <translation>队列(&amp;C)：验证及患者在其中的位置</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keyboard &amp;shortcuts...</source>
        <translation>键盘快捷键(&amp;S)...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>HCC Workstation</source>
        <translation>HCC Workstation</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Layout</source>
        <translation>布局</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Axial</source>
        <translation>轴位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Coronal</source>
        <translation>冠状位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sagittal</source>
        <translation>矢状位</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+86"/>
        <source>3D</source>
        <translation>3D</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>The view shown in the one-large-view layout</source>
        <translation>单个大视图布局中显示的视图</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> Large view: </source>
        <translation> 大视图： </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Window</source>
        <translation>窗宽/窗位</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> Window: </source>
        <translation> 窗宽/窗位： </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>W %1 / L %2</source>
        <translation>窗宽 %1 / 窗位 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The window stored in the series&apos; DICOM header</source>
        <translation>该序列 DICOM 头中存储的窗宽/窗位</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Auto</source>
        <translation>自动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From the 1st to the 99th percentile of the phase&apos;s values (MRI, which has no HU)</source>
        <translation>从该期相数值的第 1 到第 99 百分位（MRI 没有 HU）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Labels</source>
        <translation>标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> Labels: </source>
        <translation> 标签： </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill</source>
        <translation>填充</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outline</source>
        <translation>轮廓</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fill opacity</source>
        <translation>填充不透明度</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Heatmap</source>
        <translation>热图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> Heatmap: </source>
        <translation> 热图： </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Heatmap opacity</source>
        <translation>热图不透明度</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Threshold (fraction of the heatmap&apos;s value range): lower values are not shown</source>
        <translation>阈值（占热图数值范围的比例）：低于该值的部分不显示</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Volume rendering</source>
        <translation>容积渲染</translation>
    </message>
    <message>
        <location line="+11"/>
        <source> Liver opacity: </source>
        <translation> 肝脏不透明度： </translation>
    </message>
    <message>
        <location line="+24"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open DICOM &amp;folder...</source>
        <translation>打开 DICOM 文件夹(&amp;F)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open DICOM folder</source>
        <translation>打开 DICOM 文件夹</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Query &amp;PACS...</source>
        <translation>查询 &amp;PACS...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send case to PACS</source>
        <translation>将病例发送到 PACS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Send to PACS sends a case&apos;s DICOM SEG and report: open or save a case first</source>
        <translation>发送到 PACS 会发送病例的 DICOM SEG 和报告：请先打开或保存病例</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open &amp;image file...</source>
        <translation>打开图像文件(&amp;I)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open image</source>
        <translation>打开图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+11"/>
        <source>Images (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd);;All files (*)</source>
        <translation>图像 (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="-8"/>
        <source>Open &amp;segmentation...</source>
        <translation>打开分割(&amp;S)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open segmentation (label map or DICOM SEG)</source>
        <translation>打开分割（标签图或 DICOM SEG）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Segmentations (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd *.dcm);;DICOM SEG (*.dcm);;All files (*)</source>
        <translation>分割 (*.nii *.nii.gz *.nrrd *.nhdr *.mha *.mhd *.dcm);;DICOM SEG (*.dcm);;所有文件 (*)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;heatmap...</source>
        <translation>打开热图(&amp;H)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open heatmap (float image)</source>
        <translation>打开热图（浮点图像）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open synthetic &amp;phantom demo</source>
        <translation>打开合成体模演示(&amp;P)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Save segmentation &amp;as...</source>
        <translation>分割另存为(&amp;A)...</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Save s&amp;creenshot</source>
        <translation>保存截图(&amp;C)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save screenshot</source>
        <translation>保存截图</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>PNG images (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not save the screenshot</source>
        <translation>无法保存截图</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Could not write %1</source>
        <translation>无法写入 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Current &amp;view...</source>
        <translation>当前视图(&amp;V)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>View &amp;layout...</source>
        <translation>视图布局(&amp;L)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whole &amp;window...</source>
        <translation>整个窗口(&amp;W)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_nomogram.cpp" line="+20"/>
        <source>Nomogram models: %1</source>
        <translation>列线图模型：%1</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_registration.cpp" line="+24"/>
        <source>S&amp;tudy</source>
        <translation>检查(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Register phases</source>
        <translation>配准期相(&amp;R)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Rigid registration (mutual information) of every other phase onto the phase the segmentation was drawn on (without one: the phase shown), so one world point is one anatomical point in every phase (compare layout, probe, segmentation)</source>
        <translation>将其他每个期相刚性配准（互信息）到绘制分割所用的期相（无分割时为当前显示的期相），使同一世界坐标点在所有期相中对应同一解剖位置（对比布局、探针、分割）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Re&amp;vert registration</source>
        <translation>撤销配准(&amp;V)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Show the phases as they were acquired again</source>
        <translation>重新显示采集时的原始期相</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Registration needs a study with at least two phases</source>
        <translation>配准需要至少包含两个期相的检查</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_pmn.cpp" line="+39"/>
        <source>PMN: proliferative subtype</source>
        <translation>PMN：增殖型亚型</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Analyse</source>
        <translation>分析(&amp;A)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run &amp;PMN (demo model)</source>
        <translation>运行 &amp;PMN（演示模型）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Proliferative-subtype probability, DL risk scores and heatmaps for the largest lesion, with the shipped demo PMN (trained on synthetic phantoms - not for clinical use)</source>
        <translation>用随附的演示 PMN（以合成体模训练——不可用于临床）计算最大病灶的增殖型亚型概率、DL 风险评分和热图</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run PMN with model &amp;folder...</source>
        <translation>用模型文件夹运行 PMN(&amp;F)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PMN bundle folder (manifest.json)</source>
        <translation>PMN 模型包文件夹（manifest.json）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PMN &amp;results</source>
        <translation>PMN 结果(&amp;R)</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>PMN cancelled; nothing was changed</source>
        <translation>PMN 已取消；未做任何更改</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+25"/>
        <source>Could not run PMN</source>
        <translation>无法运行 PMN</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>PMN failed: %1</source>
        <translation>PMN 失败：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The segmentation changed: the PMN result is stale (Analyse &gt; Run PMN to refresh)</source>
        <translation>分割已更改：PMN 结果已过期（分析 &gt; 运行 PMN 以刷新）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Open a study before running PMN</source>
        <translation>运行 PMN 前请先打开一个检查</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no segmentation: segment the liver and tumour first (Segment menu) or open a segmentation</source>
        <translation>没有分割：请先分割肝脏和肿瘤（分割菜单）或打开一个分割</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../app/gui/main_window_registration.cpp" line="+4"/>
        <location filename="../app/gui/main_window_segment.cpp" line="+125"/>
        <source>Busy: wait for the current work or cancel it</source>
        <translation>忙：请等待当前任务完成或取消它</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>computed by PMN model &apos;%1&apos;%2, lesion %3</source>
        <translation>由 PMN 模型“%1”%2 计算，病灶 %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (synthetic)</source>
        <translation>（合成）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: 1 - p(response), %2 head</source>
        <translation>%1：1 - p(应答)，%2 头</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: p(proliferative) %2 &gt;= %3</source>
        <translation>%1：p(增殖型) %2 &gt;= %3</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1: p(proliferative) %2 &lt; %3</source>
        <translation>%1：p(增殖型) %2 &lt; %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PMN: p(proliferative) = %1 (%2)%3</source>
        <translation>PMN：p(增殖型) = %1（%2）%3</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>proliferative</source>
        <translation>增殖型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>non-proliferative</source>
        <translation>非增殖型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>, synthetic demo model</source>
        <translation>，合成演示模型</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_registration.cpp" line="+14"/>
        <source>The phases are already registered onto %1</source>
        <translation>各期相已配准到 %1</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The registration finished for a study that is no longer shown; discarded</source>
        <translation>配准完成时对应的检查已不再显示；结果已丢弃</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>registration rejected, shown as acquired</source>
        <translation>配准被拒绝，按采集原样显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Registration onto %1 rejected: %2 (%3). The phase is shown as acquired.</source>
        <translation>配准到 %1 被拒绝：%2（%3）。该期相按采集原样显示。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: not applied - %2</source>
        <translation>%1：未应用 - %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Registered onto %1 - %2</source>
        <translation>已配准到 %1 - %2</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>registered onto %1, resampled on its grid</source>
        <translation>已配准到 %1，并重采样到其网格</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Registration reverted: the phases are shown as acquired</source>
        <translation>已撤销配准：按采集时的原始期相显示</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Registered (rigid, mutual information) onto %1: %2</source>
        <translation>已（刚性、互信息）配准到 %1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_segment.cpp" line="-92"/>
        <source>&amp;Segment</source>
        <translation>分割(&amp;S)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Segment liver and tumours (&amp;demo model)...</source>
        <translation>分割肝脏和肿瘤（演示模型）(&amp;D)...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Liver and tumour with the shipped demo model (trained on synthetic phantoms - not for clinical use) on the study&apos;s arterial and portal venous phases</source>
        <translation>使用随附的演示模型（在合成体模上训练 - 不可用于临床）在本检查的动脉期和门静脉期上分割肝脏和肿瘤</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Segment with model &amp;folder...</source>
        <translation>使用模型文件夹分割(&amp;F)...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Model bundle folder (manifest.json)</source>
        <translation>模型包文件夹（manifest.json）</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_pmn.cpp" line="-83"/>
        <location filename="../app/gui/main_window_segment.cpp" line="+7"/>
        <source>This build has no inference engine</source>
        <translation>此版本不含推理引擎</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_segment.cpp" line="+5"/>
        <source>Segmentation proposal</source>
        <translation>分割建议</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Accept proposal</source>
        <translation>接受建议</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reject proposal</source>
        <translation>拒绝建议</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Segmentation cancelled; nothing was changed</source>
        <translation>分割已取消；未做任何更改</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+43"/>
        <source>Could not segment</source>
        <translation>无法分割</translation>
    </message>
    <message>
        <location line="-43"/>
        <source>Segmentation failed: %1</source>
        <translation>分割失败：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Demo segmentation model: %1</source>
        <translation>演示分割模型：%1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Open a study before segmenting it</source>
        <translation>请先打开检查再进行分割</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The segmentation finished for a study that is no longer shown; discarded</source>
        <translation>分割完成时对应的检查已不再显示；结果已丢弃</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>no provenance in the manifest</source>
        <translation>清单中没有来源信息</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>liver %1 mL</source>
        <translation>肝脏 %1 mL</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n lesion(s), %1 mL, largest %2 mm</source>
        <translation>
            <numerusform>%n 个病灶，%1 mL，最大 %2 mm</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;Segmentation proposal&lt;/b&gt; from %1 (%2) - %3 s on %4. Measured on the proposal: %5. Accept it to replace the segmentation (one undo step) or reject it.</source>
        <translation>来自 %1（%2）的&lt;b&gt;分割建议&lt;/b&gt;——%3 秒，设备 %4。在建议上测得：%5。接受以替换当前分割（一个撤销步骤），或拒绝。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>no liver or tumour segment</source>
        <translation>没有肝脏或肿瘤分段</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Segmentation proposal ready (%1 s on %2): accept or reject it</source>
        <translation>分割建议已就绪（在 %2 上用时 %1 秒）：请接受或拒绝</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Wait for the running segment editor operation (or cancel it), then accept</source>
        <translation>请等待正在运行的分割编辑操作（或取消它），然后再接受</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Accept segmentation proposal</source>
        <translation>接受分割建议</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Segmentation proposal accepted (%1 voxels changed); Undo restores the previous labels</source>
        <translation>已接受分割建议（%1 个体素改变）；撤销可恢复之前的标签</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Segmentation proposal rejected; the labels are unchanged</source>
        <translation>已拒绝分割建议；标签未改变</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_grow.cpp" line="-164"/>
        <source>&amp;Grow from seeds...</source>
        <translation>种子生长(&amp;G)...</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Paint a few strokes of liver, tumour and background on any slices; the labels grow over the volume along the image&apos;s edges (a live preview), then apply them as one undo step</source>
        <translation>在任意层面上绘制几笔肝脏、肿瘤和背景；标签沿图像边缘在整个容积中生长（实时预览），然后作为一个撤销步骤应用</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+66"/>
        <location line="+80"/>
        <source>Grow from seeds</source>
        <translation>种子生长</translation>
    </message>
    <message>
        <location line="-140"/>
        <source>Seed:</source>
        <translation>种子：</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Save seeds...</source>
        <translation>保存种子...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save seeds</source>
        <translation>保存种子</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>NRRD with label table (*.nrrd)</source>
        <translation>带标签表的 NRRD (*.nrrd)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The seeds as a label map (255 = background): `hccws grow CT --seeds FILE` grows the same segmentation without the window</source>
        <translation>种子保存为标签图（255 = 背景）：`hccws grow CT --seeds FILE` 可在无窗口的情况下生长出相同的分割</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Undo seed stroke</source>
        <translation>撤销种子笔画</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Redo seed stroke</source>
        <translation>重做种子笔画</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Open a study before growing a segmentation</source>
        <translation>请先打开检查再进行分割生长</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Accept or reject the proposal, or wait for the running operation, first</source>
        <translation>请先接受或拒绝建议，或等待正在运行的操作完成</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The segmentation is on another grid than the phase shown: grow from seeds works on the grid of the CT it grows on. Show the phase the segmentation was drawn on.</source>
        <translation>分割与所显示期相的网格不同：种子生长在其生长所用 CT 的网格上进行。请显示绘制该分割的期相。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Background</source>
        <translation>背景</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>growing %p%</source>
        <translation>生长中 %p%</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;b&gt;Grow from seeds&lt;/b&gt;: paint strokes of each label and of background on a few slices (Paint; Erase takes a stroke back; Ctrl+Z undoes one). The preview follows each stroke.</source>
        <translation>&lt;b&gt;种子生长&lt;/b&gt;：在几个层面上为每个标签和背景绘制笔画（绘制；擦除可收回笔画；Ctrl+Z 撤销一笔）。预览随每一笔更新。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 %2 mL</source>
        <translation>%1 %2 mL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Grow from seeds preview&lt;/b&gt; (%1 update, %2 s): %3, measured on the preview inside the region around the seeds. Apply writes it into the segmentation as one undo step.</source>
        <translation>&lt;b&gt;种子生长预览&lt;/b&gt;（%1更新，%2 秒）：%3，在种子周围区域内的预览上测量。应用会将其作为一个撤销步骤写入分割。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>whole</source>
        <translation>完整</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>incremental</source>
        <translation>增量</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no label grown yet</source>
        <translation>尚未生长出标签</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Wait for the preview to finish, then apply</source>
        <translation>请等待预览完成后再应用</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing to apply yet: paint seeds of two labels and wait for the preview</source>
        <translation>尚无可应用的结果：请绘制两种标签的种子并等待预览</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Grow from seeds applied (%1 voxels changed); Undo takes it back</source>
        <translation>种子生长已应用（%1 个体素被更改）；撤销可恢复</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Could not save the seeds</source>
        <translation>无法保存种子</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Seeds saved to %1</source>
        <translation>种子已保存到 %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Grow from seeds cancelled; the segmentation is unchanged</source>
        <translation>种子生长已取消；分割未改变</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_marks.cpp" line="+24"/>
        <source>Marks</source>
        <translation>标记</translation>
    </message>
    <message numerus="yes">
        <location line="+35"/>
        <source>%n mark(s) loaded from %1</source>
        <translation>
            <numerusform>已从 %1 载入 %n 个标记</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Could not read the marks</source>
        <translation>无法读取标记</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Could not save the marks</source>
        <translation>无法保存标记</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_case.cpp" line="-210"/>
        <source>Case</source>
        <translation>病例</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>the user</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Open &amp;case...</source>
        <translation>打开病例(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open case folder</source>
        <translation>打开病例文件夹</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Recent cases</source>
        <translation>最近的病例(&amp;R)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Save cas&amp;e</source>
        <translation>保存病例(&amp;E)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Save case &amp;as...</source>
        <translation>病例另存为(&amp;A)…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export &amp;report (PDF)...</source>
        <translation>导出报告(&amp;R)（PDF）…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the study as a case first (File &gt; Save case as...): the report is made from a case</source>
        <translation>请先将检查保存为病例（文件 &gt; 病例另存为…）：报告基于病例生成</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export tumour-board report</source>
        <translation>导出肿瘤委员会报告</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PDF (*.pdf)</source>
        <translation>PDF (*.pdf)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Presentation mode (board folder)...</source>
        <translation>演示模式(&amp;P)（会诊文件夹）…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Board folder (a case, or a folder of case folders)</source>
        <translation>会诊文件夹（一个病例，或包含病例文件夹的文件夹）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Run the res&amp;t</source>
        <translation>运行其余步骤(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Register, segment (when there is no segmentation), PMN and save, whichever is not done yet</source>
        <translation>配准、分割（没有分割时）、PMN 和保存中尚未完成的步骤</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Mark &amp;key image</source>
        <translation>标记关键图像(&amp;K)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No case folder there: a board is a case folder or a folder of case folders</source>
        <translation>此处没有病例文件夹：会诊文件夹应为一个病例文件夹或包含病例文件夹的文件夹</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>A report is being made: wait for it or cancel it</source>
        <translation>正在生成报告：请等待或取消</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Making the report %1 ...</source>
        <translation>正在生成报告 %1 ...</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Report cancelled; nothing was written</source>
        <translation>报告已取消；未写入任何内容</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Report written: %1 (%2 pages)</source>
        <translation>报告已写入：%1（%2 页）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not write the report</source>
        <translation>无法写入报告</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>opening case %1</source>
        <translation>打开病例 %1</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Recover edits</source>
        <translation>恢复编辑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This case holds %1 segmentation edit(s) and %2 other edit(s) made after it was last saved (the workstation stopped before saving).%3

Recover them?</source>
        <translation>该病例在上次保存后还有 %1 个分割编辑和 %2 个其他编辑（工作站在保存前停止）。%3

要恢复吗？</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> The edit being written when it stopped is lost.</source>
        <translation>停止时正在写入的编辑已丢失。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Could not recover the edits</source>
        <translation>无法恢复编辑</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The case&apos;s sources changed</source>
        <translation>病例的来源已改变</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The images the case was made from are not the same as when it was saved; its results may not describe the images shown:
%1</source>
        <translation>生成该病例的图像与保存时不同；其结果可能与当前显示的图像不符：
%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Case opened; %1 edit(s) recovered from its journal - save to keep them</source>
        <translation>病例已打开；已从日志恢复 %1 个编辑——保存以保留</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Case opened</source>
        <translation>病例已打开</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+11"/>
        <source>The case&apos;s journal could not be written</source>
        <translation>无法写入病例日志</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Edits are not protected against a crash until this is solved: %1</source>
        <translation>在解决此问题之前，编辑在崩溃时得不到保护：%1</translation>
    </message>
    <message>
        <location line="+121"/>
        <location line="+9"/>
        <source>Could not save the case</source>
        <translation>无法保存病例</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Case saved: %1 - without its DICOM SEG: %2</source>
        <translation>病例已保存：%1 - 未包含 DICOM SEG：%2</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+84"/>
        <source>Case saved: %1</source>
        <translation>病例已保存：%1</translation>
    </message>
    <message>
        <location line="-78"/>
        <source>Save case as (a new folder)</source>
        <translation>病例另存为（新文件夹）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>There is no study to keep in a case</source>
        <translation>没有可保存到病例的检查</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Could not make the case</source>
        <translation>无法创建病例</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Phases confirmed</source>
        <translation>期相已确认</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (set by the user)</source>
        <translation>（用户设定）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Registered</source>
        <translation>已配准</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>one phase</source>
        <translation>单一期相</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>onto %1</source>
        <translation>配准到 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Segmented</source>
        <translation>已分割</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>liver %1 mL, %2 lesion(s)</source>
        <translation>肝脏 %1 mL，%2 个病灶</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reviewed</source>
        <translation>已审阅</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>by %1 at %2</source>
        <translation>%1 于 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PMN</source>
        <translation>PMN</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the segmentation changed since</source>
        <translation>此后分割已改变</translation>
    </message>
    <message>
        <location line="+9"/>
        <location filename="../app/gui/main_window_figures.cpp" line="+127"/>
        <source>Nomogram</source>
        <translation>列线图</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>missing: %1</source>
        <translation>缺少：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Report</source>
        <translation>报告</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>File &gt; Export report (PDF)</source>
        <translation>文件 &gt; 导出报告（PDF）</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>patient %1 - saved %2 (generation %3)%4</source>
        <translation>患者 %1 - 保存于 %2（第 %3 版）%4</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> - edits since, kept in the journal</source>
        <translation> - 此后的编辑已记入日志</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>not checked</source>
        <translation>未核对</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>unchanged</source>
        <translation>未改变</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CHANGED</source>
        <translation>已改变</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MISSING</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_run_rest.cpp" line="+28"/>
        <source>register the phases</source>
        <translation>配准期相</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>segment (demo model)</source>
        <translation>分割（演示模型）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PMN (demo model)</source>
        <translation>PMN（演示模型）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>save the case</source>
        <translation>保存病例</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Run the rest is already running</source>
        <translation>运行其余步骤已在进行中</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open a study or a case first</source>
        <translation>请先打开检查或病例</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>segmentation: %1</source>
        <translation>分割：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PMN: %1</source>
        <translation>PMN：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing to run: every step that can run here is done.%1</source>
        <translation>无需运行：此处可运行的步骤均已完成。%1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Run the rest: %1 ...</source>
        <translation>运行其余步骤：%1 …</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>the case could not be saved</source>
        <translation>病例无法保存</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 could not start</source>
        <translation>%1 无法开始</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Run the rest %1/%2: %3</source>
        <translation>运行其余步骤 %1/%2：%3</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 %2 s (%3 %)</source>
        <translation>%1 %2 秒（%3 %）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the rest done in %1 s: %2</source>
        <translation>运行其余步骤完成，用时 %1 秒：%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Run the rest stopped: %1. Done before: %2</source>
        <translation>运行其余步骤已停止：%1。此前完成：%2</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>nothing</source>
        <translation>无</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Skipped: %1</source>
        <translation>已跳过：%1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_case.cpp" line="-489"/>
        <location filename="../app/gui/main_window_run_rest.cpp" line="+3"/>
        <location line="+2"/>
        <location line="+2"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_figures.cpp" line="-56"/>
        <source>%1: a figure is a .png or .svg file</source>
        <translation>%1：图形须为 .png 或 .svg 文件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: the resolution must be 24 to 2400 dpi</source>
        <translation>%1：分辨率必须为 24 至 2400 dpi</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: there is no nomogram in this window</source>
        <translation>%1：此窗口中没有列线图</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1: no view is shown</source>
        <translation>%1：未显示任何视图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: the view could not be rendered</source>
        <translation>%1：无法渲染该视图</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: cannot write the PNG file</source>
        <translation>%1：无法写入 PNG 文件</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>HCC Workstation view</source>
        <translation>HCC 工作站视图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: cannot write the SVG file</source>
        <translation>%1：无法写入 SVG 文件</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: the SVG file is empty</source>
        <translation>%1：SVG 文件为空</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export &amp;figure...</source>
        <translation>导出图形(&amp;F)...</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+24"/>
        <source>Export figure</source>
        <translation>导出图形</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>View with the focus</source>
        <translation>具有焦点的视图</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All views (layout)</source>
        <translation>所有视图（布局）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Survival curves</source>
        <translation>生存曲线</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PNG image</source>
        <translation>PNG 图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SVG (vectors for charts; views as an image)</source>
        <translation>SVG（图表为矢量；视图为图像）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> dpi</source>
        <translation> dpi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>96 dpi is the size on screen; 300 dpi is usual for print</source>
        <translation>96 dpi 为屏幕尺寸；印刷通常使用 300 dpi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Figure:</source>
        <translation>图形：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Format:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolution (PNG):</source>
        <translation>分辨率（PNG）：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Figure written: %1</source>
        <translation>图形已写入：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Could not export the figure</source>
        <translation>无法导出图形</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_key_images.cpp" line="+70"/>
        <source>The case is read-only: key images cannot be added</source>
        <translation>病例为只读：无法添加关键图像</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Key images belong to a case: save the study as a case first (File &gt; Save case as...)</source>
        <translation>关键图像属于病例：请先将检查保存为病例（文件 &gt; 病例另存为...）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The phase shown is not a series of the case</source>
        <translation>显示的期相不是该病例的序列</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The 3D view could not be captured</source>
        <translation>无法捕获三维视图</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not add the key image</source>
        <translation>无法添加关键图像</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>%1: cannot write the snapshot</source>
        <translation>%1：无法写入快照</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Key image added: %1</source>
        <translation>已添加关键图像：%1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Key images belong to a writable case: save the study as a case first</source>
        <translation>关键图像属于可写病例：请先将检查保存为病例</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 proposed key image(s) added</source>
        <translation>已添加 %1 个建议的关键图像</translation>
    </message>
    <message>
        <location filename="../app/gui/main_window_radiomics.cpp" line="+25"/>
        <source>the segmentation shown</source>
        <translation>当前显示的分割</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Radiomics: IBSI features, peritumoral ring</source>
        <translation>影像组学(&amp;R)：IBSI 特征、瘤周环</translation>
    </message>
</context>
<context>
    <name>hccws::gui::MarksPanel</name>
    <message>
        <location filename="../app/gui/marks_panel.cpp" line="+21"/>
        <source>Ruler</source>
        <translation>标尺</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ruler (K): drag in a slice view from one end to the other; the length is in world mm</source>
        <translation>标尺 (K)：在层面视图中从一端拖到另一端；长度以世界坐标毫米计</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Angle</source>
        <translation>角度</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Angle (Shift+K): click one arm&apos;s end, the vertex, then the other arm&apos;s end</source>
        <translation>角度 (Shift+K)：依次点击一条边的端点、顶点、另一条边的端点</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Clear all</source>
        <translation>全部清除</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Ruler %1: %2 mm, from %3 to %4 (LPS mm)</source>
        <translation>标尺 %1：%2 mm，从 %3 到 %4（LPS mm）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Angle %1: %2°, vertex %3 (LPS mm)</source>
        <translation>角度 %1：%2°，顶点 %3（LPS mm）</translation>
    </message>
</context>
<context>
    <name>hccws::gui::MeasurementsPanel</name>
    <message>
        <location filename="../app/gui/measurements_panel.cpp" line="+26"/>
        <source>Tumour</source>
        <translation>肿瘤</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Volume (mL)</source>
        <translation>体积 (mL)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>3D diam. (mm)</source>
        <translation>三维直径 (mm)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Axial diam. (mm)</source>
        <translation>轴位直径 (mm)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>No segmentation</source>
        <translation>无分割</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stale: the labels changed, recomputing soon</source>
        <translation>已过期：标签已更改，即将重新计算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recomputing...</source>
        <translation>正在重新计算...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Up to date</source>
        <translation>已是最新</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>Measurement failed: %1</source>
        <translation>测量失败：%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Liver %1 mL</source>
        <translation>肝脏 %1 mL</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Liver: not measured (no liver segment)</source>
        <translation>肝脏：未测量（无肝脏分段）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tumours %1, %2 mL (%3)</source>
        <translation>肿瘤 %1 个，%2 mL（%3）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>touching the liver</source>
        <translation>与肝脏相接</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not checked against a liver segment</source>
        <translation>未与肝脏分段核对</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Burden %1 % of liver + tumour</source>
        <translation>肿瘤负荷 %1 %（占肝脏 + 肿瘤）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Largest diameter %1 mm (axial %2 mm)</source>
        <translation>最大直径 %1 mm（轴位 %2 mm）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 tumour component(s) outside the liver, %2 mL: not counted</source>
        <translation>肝外肿瘤连通区 %1 个，%2 mL：不计入</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tumours: not measured (no tumour segment)</source>
        <translation>肿瘤：未测量（无肿瘤分段）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PVTT: not measured (no PVTT segment)</source>
        <translation>门静脉癌栓：未测量（无门静脉癌栓分段）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portal vein tumour thrombus %1 mL</source>
        <translation>门静脉癌栓 %1 mL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portal vein tumour thrombus: absent</source>
        <translation>门静脉癌栓：无</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 specks below %2 mL ignored</source>
        <translation>已忽略 %1 个小于 %2 mL 的碎点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Measured on this segmentation: liver = %1; tumour = %2; PVTT = %3</source>
        <translation>在本分割上测量：肝脏 = %1；肿瘤 = %2；门静脉癌栓 = %3</translation>
    </message>
</context>
<context>
    <name>hccws::gui::NomogramDock</name>
    <message>
        <location filename="../app/gui/nomogram_dock.cpp" line="+15"/>
        <source>Nomogram: TACE vs HAIC</source>
        <translation>列线图：TACE 对比 HAIC</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1: no nomogram models found</source>
        <translation>%1：未找到列线图模型</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>components touching the liver</source>
        <translation>与肝脏相接的连通区</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>all components (no liver segment)</source>
        <translation>全部连通区（无肝脏分段）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1, %2</source>
        <translation>%1，%2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>largest axial diameter of %1</source>
        <translation>%1 的最大轴位直径</translation>
    </message>
</context>
<context>
    <name>hccws::gui::PacsDialog</name>
    <message>
        <location filename="../app/gui/pacs_dialog.cpp" line="+61"/>
        <source>Query PACS</source>
        <translation>查询 PACS</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Add server...</source>
        <translation>添加服务器...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Server:</source>
        <translation>服务器：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>typed for this session, never stored</source>
        <translation>仅本次会话使用，从不保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password:</source>
        <translation>密码：</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&apos;*&apos; matches anything</source>
        <translation>“*”匹配任意内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patient name:</source>
        <translation>患者姓名：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Patient ID:</source>
        <translation>患者 ID：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Study date:</source>
        <translation>检查日期：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Modality:</source>
        <translation>模态：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Patient</source>
        <translation>患者</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+3"/>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Modalities</source>
        <translation>模态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Series</source>
        <translation>序列</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+3"/>
        <source>Images</source>
        <translation>图像</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Number</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Modality</source>
        <translation>模态</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Retrieve and open</source>
        <translation>获取并打开</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No server is contacted until you search.</source>
        <translation>在您搜索之前不会联系任何服务器。</translation>
    </message>
    <message>
        <location line="+46"/>
        <location line="+2"/>
        <location line="+3"/>
        <source>Add a PACS server</source>
        <translation>添加 PACS 服务器</translation>
    </message>
    <message>
        <location line="-5"/>
        <source>Name:</source>
        <translation>名称：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>DICOMweb root URL (https://.../dicom-web):</source>
        <translation>DICOMweb 根 URL（https://.../dicom-web）：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>User name (empty: none):</source>
        <translation>用户名（留空：无）：</translation>
    </message>
    <message>
        <location line="+63"/>
        <location line="+104"/>
        <source>Add a server first (none is configured: the workstation contacts no PACS on its own)</source>
        <translation>请先添加服务器（尚未配置：工作站不会自行联系任何 PACS）</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>Searching ...</source>
        <translation>正在搜索 ...</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 studies</source>
        <translation>%1 个检查</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Search failed: %1</source>
        <translation>搜索失败：%1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 series</source>
        <translation>%1 个序列</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Could not list the series: %1</source>
        <translation>无法列出序列：%1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Retrieving %1 (%2 images) ...</source>
        <translation>正在获取 %1（%2 幅图像）...</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Retrieve cancelled: what arrived stays in the cache and a later retrieve resumes</source>
        <translation>获取已取消：已到达的内容保留在缓存中，之后的获取会继续</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Retrieve failed: %1 (a later retrieve resumes)</source>
        <translation>获取失败：%1（之后的获取会继续）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 images: %2 retrieved, %3 already in the cache%4</source>
        <translation>%1 幅图像：获取 %2 幅，缓存中已有 %3 幅%4</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>; %1 older series removed from the cache (its limit)</source>
        <translation>；已从缓存中移除 %1 个较旧的序列（缓存上限）</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Cannot send the case: %1</source>
        <translation>无法发送病例：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The case has no DICOM SEG and no report to send</source>
        <translation>该病例没有可发送的 DICOM SEG 和报告</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The report cannot be placed in the patient&apos;s study: the case&apos;s series is not a DICOM folder here</source>
        <translation>无法将报告放入患者的检查：该病例的序列在此处不是 DICOM 文件夹</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sending ...</source>
        <translation>正在发送 ...</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Sent %1 object(s) to the PACS</source>
        <translation>已向 PACS 发送 %1 个对象</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sending failed: %1</source>
        <translation>发送失败：%1</translation>
    </message>
</context>
<context>
    <name>hccws::gui::PmnController</name>
    <message>
        <location filename="../app/gui/pmn_controller.cpp" line="+45"/>
        <source>Running PMN (%1)</source>
        <translation>正在运行 PMN（%1）</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>%1 is not a usable PMN bundle: %2</source>
        <translation>%1 不是可用的 PMN 模型包：%2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>PMN model &apos;%1&apos; needs the %2 phase(s), which this study does not have</source>
        <translation>PMN 模型“%1”需要 %2 期相，而本检查没有</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This build has no inference engine</source>
        <translation>此版本不含推理引擎</translation>
    </message>
</context>
<context>
    <name>hccws::gui::PmnPanel</name>
    <message>
        <location filename="../app/gui/pmn_panel.cpp" line="+28"/>
        <source>Show heatmap</source>
        <translation>显示热图</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Run PMN again</source>
        <translation>重新运行 PMN</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>STALE: the segmentation changed after this result was computed. Run PMN again to refresh it (the nomogram marks its PMN inputs stale meanwhile).</source>
        <translation>已过期：计算此结果后分割已更改。请重新运行 PMN 以刷新（在此期间列线图将其 PMN 输入标记为过期）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No PMN result yet. Analyse &gt; Run PMN computes the proliferative-subtype probability, the DL risk score per arm and the heatmaps for the largest lesion of the segmentation.</source>
        <translation>尚无 PMN 结果。分析 &gt; 运行 PMN 将为分割中最大的病灶计算增殖型亚型概率、各治疗组的 DL 风险评分和热图。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>computed by PMN model &apos;%1&apos;%2</source>
        <translation>由 PMN 模型“%1”%2 计算</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (synthetic: trained on phantoms, not for clinical use)</source>
        <translation>（合成：以体模训练，不可用于临床）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;p&gt;&lt;b&gt;p(proliferative) = %1&lt;/b&gt; &amp;rarr; &lt;b&gt;%2&lt;/b&gt; (threshold %3)&lt;br&gt;&lt;i&gt;%4&lt;/i&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;b&gt;p(增殖型) = %1&lt;/b&gt; &amp;rarr; &lt;b&gt;%2&lt;/b&gt;（阈值 %3）&lt;br&gt;&lt;i&gt;%4&lt;/i&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>proliferative</source>
        <translation>增殖型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>non-proliferative</source>
        <translation>非增殖型</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>DL risk score %1 = &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;</source>
        <translation>DL 风险评分 %1 = &lt;b&gt;%2&lt;/b&gt;&lt;br&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;small&gt;risk score = 1 - p(response) of the arm&apos;s prototype head, in [0, 1], higher = less expected benefit; the published nomogram cut-offs (HAIC -22.34, TACE -26.25) are on another scale&lt;/small&gt;&lt;/p&gt;</source>
        <translation>&lt;small&gt;风险评分 = 1 - 该治疗组原型头的 p(应答)，取值 [0, 1]，越高 = 预期获益越少；已发表的列线图截断值（HAIC -22.34，TACE -26.25）属于另一量表&lt;/small&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;p&gt;Lesion %1 of %2 (%3), %4 mL; ROI %5 mm cube at %6 mm (%7 % of the lesion inside)&lt;/p&gt;</source>
        <translation>&lt;p&gt;病灶 %1 / %2（%3），%4 mL；ROI 为 %5 mm 立方体，体素 %6 mm（病灶 %7 % 位于其内）&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&lt;p&gt;&lt;small&gt;%1 s on %2&lt;/small&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;&lt;small&gt;%1 秒，设备 %2&lt;/small&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This build has no inference engine: the PMN cannot run.</source>
        <translation>此版本没有推理引擎：无法运行 PMN。</translation>
    </message>
</context>
<context>
    <name>hccws::gui::PresentationWindow</name>
    <message>
        <location filename="../app/gui/presentation_window.cpp" line="+50"/>
        <source>Tumour board - presentation</source>
        <translation>肿瘤委员会——演示</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>No case in this board</source>
        <translation>本次会诊没有病例</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Case %1 of %2 - reading %3 ...</source>
        <translation>病例 %1/%2——正在读取 %3 …</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Case %1 of %2  ·  ← / → to move, Esc to leave  ·  read-only  ·  RESEARCH USE ONLY - not for clinical decisions</source>
        <translation>病例 %1/%2  ·  ← / → 切换，Esc 退出  ·  只读  ·  仅供研究使用——不用于临床决策</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This case cannot be shown: %1</source>
        <translation>无法显示此病例：%1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Liver %1 mL; %2 lesion(s), largest %3 mm (axial); burden %4 %</source>
        <translation>肝脏 %1 mL；%2 个病灶，最大 %3 mm（轴位）；负荷 %4 %</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No segmentation</source>
        <translation>无分割</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>PMN: p(proliferative) %1, %2 - %3</source>
        <translation>PMN：p（增殖型）%1，%2——%3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PMN: not run</source>
        <translation>PMN：未运行</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: not computed (inputs missing)</source>
        <translation>%1：未计算（缺少输入）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2 risk, median OS %3</source>
        <translation>%1：%2风险，中位总生存期 %3</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>HIGH</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 months</source>
        <translation>%1 个月</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not reached</source>
        <translation>未达到</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&lt;b&gt;Decision: %1&lt;/b&gt;</source>
        <translation>&lt;b&gt;决定：%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not recorded</source>
        <translation>未记录</translation>
    </message>
</context>
<context>
    <name>hccws::gui::RadiomicsDock</name>
    <message>
        <location filename="../app/gui/radiomics_dock.cpp" line="+86"/>
        <source>Radiomics</source>
        <translation>影像组学</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Tumour</source>
        <translation>肿瘤</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Each lesion</source>
        <translation>每个病灶</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Liver</source>
        <translation>肝脏</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ring</source>
        <translation>瘤周环</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+49"/>
        <source> mm</source>
        <translation> 毫米</translation>
    </message>
    <message>
        <location line="-46"/>
        <source>Regions:</source>
        <translation>区域：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show the ring in the slice views</source>
        <translation>在切片视图中显示瘤周环</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Fixed bin width</source>
        <translation>固定箱宽</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fixed bin number</source>
        <translation>固定箱数</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Discretisation:</source>
        <translation>离散化：</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Keep intensities from</source>
        <translation>保留强度，从</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Re-segmentation:</source>
        <translation>重新分割：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Isotropic voxels of</source>
        <translation>各向同性体素，边长</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Interpolation:</source>
        <translation>插值：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Compute</source>
        <translation>计算</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export CSV...</source>
        <translation>导出 CSV...</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Features of the IBSI (image biomarker standardisation initiative), computed on the current segmentation.</source>
        <translation>按 IBSI（影像生物标志物标准化倡议）定义、在当前分割上计算的特征。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Phase</source>
        <translation>期相</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Family</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Feature</source>
        <translation>特征</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>IBSI code</source>
        <translation>IBSI 代码</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aggregation</source>
        <translation>聚合方式</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>数值</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Export radiomic features</source>
        <translation>导出影像组学特征</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV tables (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Written: %1 (settings beside it)</source>
        <translation>已写入：%1（设置文件在其旁）</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Open a study first.</source>
        <translation>请先打开一个检查。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>There is no segmentation: segment the liver and the tumour first.</source>
        <translation>没有分割：请先分割肝脏和肿瘤。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Computing...</source>
        <translation>正在计算...</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cancelled: the previous results are kept.</source>
        <translation>已取消：保留先前的结果。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+9"/>
        <source>Not computed: %1</source>
        <translation>未计算：%1</translation>
    </message>
    <message numerus="yes">
        <location line="-1"/>
        <source>%n feature value(s), measured on %1.</source>
        <translation>
            <numerusform>%n 个特征值，测量自%1。</numerusform>
        </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>not computed</source>
        <translation>未计算</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Measured on %1, %2, phase %3; IBSI settings as exported.%4</source>
        <translation>测量自%1，%2，期相 %3；IBSI 设置与导出一致。%4</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Stale: the segmentation changed after these features were computed. Compute again to update them.</source>
        <translation>已过时：计算这些特征后分割已更改。请重新计算以更新。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nothing computed yet.</source>
        <translation>尚未计算。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 cannot be written</source>
        <translation>%1 无法写入</translation>
    </message>
</context>
<context>
    <name>hccws::gui::SegmentController</name>
    <message>
        <location filename="../app/gui/segment_controller.cpp" line="+64"/>
        <source>%1 is not a usable model bundle: %2</source>
        <translation>%1 不是可用的模型包：%2</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 needs %2; this study has %3 (missing: %4). Set a series&apos; phase in the Study panel, or use a model for the phases you have (Segment &gt; Segment with model folder)</source>
        <translation>%1 需要 %2；本检查有 %3（缺少：%4）。请在“检查”面板中设置序列的期相，或使用适合现有期相的模型（分割 &gt; 使用模型文件夹分割）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>no phase</source>
        <translation>无期相</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This build has no inference engine</source>
        <translation>此版本不含推理引擎</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Segmenting with %1</source>
        <translation>正在使用 %1 分割</translation>
    </message>
</context>
<context>
    <name>hccws::gui::SegmentEditorPanel</name>
    <message>
        <location filename="../app/gui/segment_editor_panel.cpp" line="+65"/>
        <source>Label:</source>
        <translation>标签：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The label that paint, fill and the operations write</source>
        <translation>绘制、填充及各项操作写入的标签</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>History</source>
        <translation>历史记录</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Click a step to undo or redo up to it</source>
        <translation>点击某一步骤，撤销或重做至该步骤</translation>
    </message>
    <message>
        <location line="+16"/>
        <location line="+285"/>
        <source>%1: %p%</source>
        <translation>%1：%p%</translation>
    </message>
    <message>
        <location line="-275"/>
        <source>%1: cancelled</source>
        <translation>%1：已取消</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Tools</source>
        <translation>工具</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Navigate: left click moves the cursor</source>
        <translation>导航：左键单击移动光标</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paint the label with the brush (Shift+wheel: radius)</source>
        <translation>用画笔绘制标签（Shift+滚轮：调整半径）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Erase the label with the brush</source>
        <translation>用画笔擦除标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Paint only voxels whose HU lies in the threshold range</source>
        <translation>仅绘制 HU 值位于阈值范围内的体素</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fill the connected region under the click in the slice</source>
        <translation>在切片中填充点击处的连通区域</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Erase the connected region of the label under the click in the slice</source>
        <translation>在切片中擦除点击处该标签的连通区域</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Active contour: click inside a tumour; a level set grows from the click within the HU range of its neighbourhood (up to 40 mm from it), off the UI thread with Cancel</source>
        <translation>主动轮廓：在肿瘤内点击；水平集从点击处在其邻域的 HU 范围内生长（距点击处最多 40 mm），在界面线程之外运行，可取消</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+136"/>
        <location line="+11"/>
        <source> mm</source>
        <translation> mm</translation>
    </message>
    <message>
        <location line="-146"/>
        <source>Brush radius in mm ([ smaller, ] larger, Shift+wheel over a view)</source>
        <translation>画笔半径，单位 mm（[ 减小，] 增大，或在视图上 Shift+滚轮）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Disc (in the slice)</source>
        <translation>圆盘（切片内）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sphere (3D)</source>
        <translation>球体（3D）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brush shape (D toggles)</source>
        <translation>画笔形状（按 D 切换）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Radius:</source>
        <translation>半径：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shape:</source>
        <translation>形状：</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+1"/>
        <source> HU</source>
        <translation> HU</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>From cursor</source>
        <translation>取自光标</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Range from the CT around the cursor (mean +- 3 SD over 5x5 voxels)</source>
        <translation>根据光标周围的 CT 值确定范围（5x5 体素的均值 +- 3 SD）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>HU min:</source>
        <translation>HU 最小值：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HU max:</source>
        <translation>HU 最大值：</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Smaller brush</source>
        <translation>缩小画笔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brush radius / 1.15</source>
        <translation>画笔半径 / 1.15</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Larger brush</source>
        <translation>放大画笔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brush radius x 1.15</source>
        <translation>画笔半径 x 1.15</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Disc / sphere brush</source>
        <translation>圆盘 / 球体画笔</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Toggle the brush between a disc in the slice and a 3D sphere</source>
        <translation>在切片内圆盘与 3D 球体之间切换画笔</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Undo the last edit</source>
        <translation>撤销上一次编辑</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Redo the edit undone last (also Ctrl+Y)</source>
        <translation>重做最近撤销的编辑（也可按 Ctrl+Y）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Masking</source>
        <translation>掩膜</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Everywhere</source>
        <translation>所有区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Inside the liver</source>
        <translation>肝脏内</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Where paint may write (the active label itself is always editable)</source>
        <translation>允许绘制写入的区域（当前标签本身始终可编辑）</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+5"/>
        <source>Erase back to liver</source>
        <translation>擦除为肝脏</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Erasing tumour (or any label but the liver) writes liver instead of background</source>
        <translation>擦除肿瘤（或除肝脏外的任何标签）时写入肝脏而不是背景</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Overwrite other labels</source>
        <translation>覆盖其他标签</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Checked labels are locked: no tool changes them</source>
        <translation>勾选的标签已锁定：任何工具都不会更改它们</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Editable area:</source>
        <translation>可编辑区域：</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Locked:</source>
        <translation>锁定：</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Operations on the label</source>
        <translation>标签操作</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Keep largest island</source>
        <translation>保留最大连通域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Islands: keep only the largest connected piece of the label</source>
        <translation>连通域：仅保留标签中最大的连通部分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Remove small</source>
        <translation>移除小连通域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Islands: remove pieces smaller than the volume set</source>
        <translation>连通域：移除小于设定体积的部分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> mL</source>
        <translation> mL</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+115"/>
        <source>Fill between slices</source>
        <translation>层间填充</translation>
    </message>
    <message>
        <location line="-114"/>
        <source>Interpolate the label across the slices between painted slices</source>
        <translation>在已绘制的切片之间对标签进行插值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Axial slices</source>
        <translation>轴位切片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Coronal slices</source>
        <translation>冠状位切片</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sagittal slices</source>
        <translation>矢状位切片</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Grow</source>
        <translation>扩张</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin: grow the label by the distance set</source>
        <translation>边距：按设定距离扩张标签</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shrink</source>
        <translation>收缩</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Margin: shrink the label by the distance set</source>
        <translation>边距：按设定距离收缩标签</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Smooth</source>
        <translation>平滑</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Smooth the label with the method and kernel set</source>
        <translation>按设定的方法和核大小平滑标签</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Median</source>
        <translation>中值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opening</source>
        <translation>开运算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closing</source>
        <translation>闭运算</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Logical operation of the label with the other label chosen</source>
        <translation>当前标签与所选另一标签的逻辑运算</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Add (union)</source>
        <translation>相加（并集）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Intersect</source>
        <translation>交集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subtract</source>
        <translation>相减</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Invert</source>
        <translation>反转</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>with</source>
        <translation>与</translation>
    </message>
    <message>
        <location line="-235"/>
        <source>%1: %2 voxels changed (%3 ms)</source>
        <translation>%1：%2 个体素已更改（%3 ms）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1: nothing changed</source>
        <translation>%1：无更改</translation>
    </message>
    <message>
        <location line="+245"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the running operation; the segmentation stays as it was</source>
        <translation>停止正在运行的操作；分割保持原样</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cancelling...</source>
        <translation>正在取消...</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>%1: running...</source>
        <translation>%1：运行中...</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Islands: keep largest</source>
        <translation>连通域：保留最大</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Islands: remove &lt; %1 mL</source>
        <translation>连通域：移除 &lt; %1 mL</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Grow %1 mm</source>
        <translation>扩张 %1 mm</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shrink %1 mm</source>
        <translation>收缩 %1 mm</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Smooth (%1, %2 mm)</source>
        <translation>平滑（%1，%2 mm）</translation>
    </message>
    <message>
        <location line="+12"/>
        <source> with %1</source>
        <translation> 与 %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Threshold from cursor: no image</source>
        <translation>从光标取阈值：无图像</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Threshold from cursor: the cursor is outside the image</source>
        <translation>从光标取阈值：光标位于图像之外</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Threshold %1 .. %2 HU (cursor mean %3 HU)</source>
        <translation>阈值 %1 .. %2 HU（光标处均值 %3 HU）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>(start)</source>
        <translation>（起点）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 voxels, %2 kB</source>
        <translation>%1 个体素，%2 kB</translation>
    </message>
</context>
<context>
    <name>hccws::gui::ShortcutsDialog</name>
    <message>
        <location filename="../app/gui/shortcuts_dialog.cpp" line="+18"/>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Slice views: move the cursor (navigate tool) or paint / fill (edit tools)</source>
        <translation>切片视图：移动光标（导航工具）或绘制 / 填充（编辑工具）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Left click / drag</source>
        <translation>左键单击 / 拖动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slice views: brush radius</source>
        <translation>切片视图：画笔半径</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shift+Wheel</source>
        <translation>Shift+滚轮</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slice views: next / previous slice</source>
        <translation>切片视图：下一层 / 上一层</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Wheel, Up/Down, PageUp/PageDown</source>
        <translation>滚轮、上/下方向键、PageUp/PageDown</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slice views: zoom</source>
        <translation>切片视图：缩放</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Ctrl+Wheel, Ctrl+left drag</source>
        <translation>Ctrl+滚轮、Ctrl+左键拖动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slice views: pan</source>
        <translation>切片视图：平移</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Shift+left drag, middle drag</source>
        <translation>Shift+左键拖动、中键拖动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slice views: window / level</source>
        <translation>切片视图：窗宽 / 窗位</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Right drag</source>
        <translation>右键拖动</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Views: reset zoom and pan</source>
        <translation>视图：重置缩放和平移</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Views: maximise / back to 2 x 2 (navigate tool)</source>
        <translation>视图：最大化 / 返回 2 x 2（导航工具）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Double click</source>
        <translation>双击</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
</context>
<context>
    <name>hccws::gui::StudyLoader</name>
    <message>
        <location filename="../app/gui/study_loader.cpp" line="+44"/>
        <source>Loading %1</source>
        <translation>正在加载 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Loading segmentation %1</source>
        <translation>正在加载分割 %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Loading heatmap %1</source>
        <translation>正在加载热图 %1</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>Registering %n phase(s) onto the reference phase</source>
        <translation>
            <numerusform>正在将 %n 个期相配准到参考期相</numerusform>
        </translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Opening case %1</source>
        <translation>正在打开病例 %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Generating the synthetic phantom</source>
        <translation>正在生成合成体模</translation>
    </message>
</context>
<context>
    <name>hccws::gui::StudyPanel</name>
    <message>
        <location filename="../app/gui/study_panel.cpp" line="+26"/>
        <source>Series %1</source>
        <translation>序列 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No study loaded. File &gt; Open DICOM folder or image.</source>
        <translation>未加载检查。请使用 文件 &gt; 打开 DICOM 文件夹或图像。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Series</source>
        <translation>序列</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Phase</source>
        <translation>期相</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Why</source>
        <translation>依据</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Geometry</source>
        <translation>几何</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Warnings</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>&lt;b&gt;%1&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Phase: %1 - %2</source>
        <translation>期相：%1 - %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Geometry: %1</source>
        <translation>几何：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Series UID: %1</source>
        <translation>序列 UID：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contrast: %1</source>
        <translation>对比剂：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Note:</source>
        <translation>注意：</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>&lt;b&gt;Warning:&lt;/b&gt;</source>
        <translation>&lt;b&gt;警告：&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No study loaded.</source>
        <translation>未加载检查。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>%1 x %2 x %3 voxels, %4 x %5 x %6 mm, origin (%7, %8, %9) LPS mm, orientation %10</source>
        <translation>%1 x %2 x %3 体素，%4 x %5 x %6 mm，原点 (%7, %8, %9) LPS mm，方向 %10</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>Patient %1 - %n series</source>
        <translation>
            <numerusform>患者 %1 - %n 个序列</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(anonymous)</source>
        <translation>（匿名）</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Detected phase; change it if the detection is wrong</source>
        <translation>自动检测的期相；如检测有误请更改</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+6"/>
        <source>set by the user</source>
        <translation>由用户设定</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>hccws::nomo::CohortView</name>
    <message>
        <location filename="../nomogram/widgets/src/cohort_view.cpp" line="+101"/>
        <source>No cohort loaded: choose a mapping, the cohort&apos;s table and a model, then Validate</source>
        <translation>未加载队列：请选择映射、队列数据表和模型，然后验证</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+195"/>
        <source>%1 on %2</source>
        <translation>%1（%2）</translation>
    </message>
    <message>
        <location line="-192"/>
        <source>n %1, %2 deaths; Harrell&apos;s C %3 (SE %4), Uno&apos;s C %5; calibration slope %6 (SE %7); IBS to %8 months %9</source>
        <translation>n %1，死亡 %2 例；Harrell C %3（SE %4），Uno C %5；校准斜率 %6（SE %7）；至 %8 个月的 IBS %9</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Observed survival by the model&apos;s risk group</source>
        <translation>按模型风险分组的观察生存</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+32"/>
        <location line="+96"/>
        <source>months</source>
        <translation>月</translation>
    </message>
    <message>
        <location line="-128"/>
        <location line="+129"/>
        <source>survival</source>
        <translation>生存率</translation>
    </message>
    <message>
        <location line="-124"/>
        <source>high risk (n %1)</source>
        <translation>高风险（n %1）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>low risk (n %1)</source>
        <translation>低风险（n %1）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>log-rank %1</source>
        <translation>log-rank %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>one risk group only</source>
        <translation>仅有一个风险组</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Calibration at %1 months</source>
        <translation>%1 个月校准</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>predicted survival</source>
        <translation>预测生存率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>observed (Kaplan-Meier)</source>
        <translation>观察值（Kaplan-Meier）</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 groups; mean |obs - pred| %2</source>
        <translation>%1 组；平均 |观察 - 预测| %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Time-dependent AUC</source>
        <translation>时间依赖 AUC</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AUC</source>
        <translation>AUC</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Decision curve at %1 months</source>
        <translation>%1 个月决策曲线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>threshold probability of death</source>
        <translation>死亡阈值概率</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>net benefit</source>
        <translation>净获益</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>treat all</source>
        <translation>全部治疗</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>treat none</source>
        <translation>均不治疗</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Linear predictor in the cohort</source>
        <translation>队列中的线性预测值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>linear predictor (higher = higher risk)</source>
        <translation>线性预测值（越高风险越高）</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>patients</source>
        <translation>患者数</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>risk cut-off</source>
        <translation>风险截断值</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1: lp %2, above %3 % of the cohort</source>
        <translation>%1：lp %2，高于队列中 %3 % 的患者</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>this patient</source>
        <translation>本患者</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the patient&apos;s lp: the nomogram&apos;s inputs for this model are incomplete</source>
        <translation>患者的 lp：该模型的列线图输入不完整</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1: predicted and observed</source>
        <translation>%1：预测与观察</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>This patient</source>
        <translation>本患者</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+39"/>
        <source>died at %1 months</source>
        <translation>于 %1 个月死亡</translation>
    </message>
    <message>
        <location line="-39"/>
        <location line="+39"/>
        <source>alive (censored) at %1 months</source>
        <translation>%1 个月时存活（删失）</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>no patient: open a study and fill the nomogram (or take its row from the cohort&apos;s table)</source>
        <translation>无患者：请打开检查并填写列线图（或从队列数据表中取其行）</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>No cohort loaded</source>
        <translation>未加载队列</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>n %1, deaths %2, Harrell&apos;s C %3, Uno&apos;s C %4, calibration slope %5</source>
        <translation>n %1，死亡 %2 例，Harrell C %3，Uno C %4，校准斜率 %5</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 months: td-AUC %2, Brier %3</source>
        <translation>%1 个月：td-AUC %2，Brier %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: lp %2</source>
        <translation>%1：lp %2</translation>
    </message>
</context>
<context>
    <name>hccws::nomo::ModelText</name>
    <message>
        <location filename="../nomogram/widgets/src/model_text_shipped.cpp" line="+10"/>
        <source>TACE nomogram (Cao 2025; published HRs, reconstructed baseline)</source>
        <translation>TACE 列线图（Cao 2025；已发表的 HR，重建的基线）</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>HAIC nomogram (Cao 2025; published HRs, reconstructed baseline)</source>
        <translation>HAIC 列线图（Cao 2025；已发表的 HR，重建的基线）</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>Intrahepatic lesion number</source>
        <translation>肝内病灶数目</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>HBV infection</source>
        <translation>HBV 感染</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Largest tumour diameter</source>
        <translation>最大肿瘤直径</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>DL risk score, TACE head (PMN)</source>
        <translation>DL 风险评分，TACE 分支（PMN）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>median of TCIA HCC-TACE-Seg (n=105, 68 male), coded 0 = male</source>
        <translation>TCIA HCC-TACE-Seg 的中位数（n=105，男性 68 例），编码 0 = 男</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>published HR 1.00 (1.00-1.00) per U/L is rounded; 1.002 (the middle of [1.000, 1.005), the values that round to 1.00 with a positive effect) is assumed</source>
        <translation>已发表的 HR 1.00（1.00-1.00）每 U/L 为四舍五入值；假定为 1.002（[1.000, 1.005) 的中点，即四舍五入为 1.00 且效应为正的取值）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HR 1.28 (1.02-1.62), multivariable Cox, HAIC cohort</source>
        <translation>HR 1.28（1.02-1.62），多变量 Cox，HAIC 队列</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>0 = absent, 1 = present</source>
        <translation>0 = 无，1 = 有</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HR 1.57 (1.26-1.96)</source>
        <translation>HR 1.57（置信区间 1.26-1.96）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>median of the first visits of SYSUCC DTSDHCC (n=2360, intermediate-stage HCC), vascular invasion (not PVTT specifically)</source>
        <translation>SYSUCC DTSDHCC 首次随访的中位数（n=2360，中期 HCC），血管侵犯（并非特指 PVTT）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DL risk score, HAIC head (PMN)</source>
        <translation>DL 风险评分，HAIC 分支（PMN）</translation>
    </message>
    <message>
        <location line="-25"/>
        <source>Proliferative subtype (PMN)</source>
        <translation>增殖亚型（PMN）</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Portal vein tumour thrombus</source>
        <translation>门静脉癌栓</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>Sex</source>
        <translation>性别</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>AST</source>
        <translation>AST</translation>
    </message>
    <message>
        <location line="-35"/>
        <source>count</source>
        <translation>个</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>cm</source>
        <translation>cm</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>U/L</source>
        <translation>U/L</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>published coefficients + reconstruction</source>
        <translation>已发表的系数 + 重建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cohort 2 (1749 uHCC), TACE arm, training set</source>
        <translation>队列 2（1749 例不可切除 HCC），TACE 组，训练集</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>resources/models/reconstruct_nomograms.R: Weibull baseline and DL coefficients fitted to the published 1/3/5-year OS of the low- and high-risk groups (cloglog least squares); see docs/nomogram-models.md</source>
        <translation>resources/models/reconstruct_nomograms.R：Weibull 基线和 DL 系数按已发表的低、高风险组 1/3/5 年总生存率拟合（cloglog 最小二乘）；见 docs/nomogram-models.md</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>HR 1.26 (95% CI 0.99-1.60), multivariable Cox, TACE cohort</source>
        <translation>HR 1.26（95% CI 0.99-1.60），多变量 Cox，TACE 队列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>median of the first visits of SYSUCC DTSDHCC (n=2360, intermediate-stage HCC); lesion count capped at 4 in that table</source>
        <translation>SYSUCC DTSDHCC 首次随访的中位数（n=2360，中期 HCC）；该表中病灶数最多记为 4</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>0 = no, 1 = HBV infection</source>
        <translation>0 = 否，1 = HBV 感染</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HR 1.66 (CI printed as 1.08-1.56 in the secondary source); coding 1 = HBV infection</source>
        <translation>HR 1.66（二手来源中 CI 印为 1.08-1.56）；编码 1 = HBV 感染</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>study cohort 2: HBV in 90.2% (published), so the median patient has HBV</source>
        <translation>研究队列 2：90.2% 有 HBV（已发表），故中位患者有 HBV</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>HR 1.07 (1.04-1.11) per unit; the unit is not published, cm assumed (reconstructed: inclusion required &gt;= 5 cm)</source>
        <translation>HR 1.07（1.04-1.11）每单位；单位未发表，假定为 cm（重建：入组要求 &gt;= 5 cm）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>median of the first visits of SYSUCC DTSDHCC (n=2360, intermediate-stage HCC), largest lesion diameter in cm</source>
        <translation>SYSUCC DTSDHCC 首次随访的中位数（n=2360，中期 HCC），最大病灶直径，单位 cm</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>reconstructed: half of the fitted high- vs low-risk log hazard ratio (0.8379) per 0.22 units of score (published mean scores 0.65 vs 0.43)</source>
        <translation>重建：拟合的高/低风险对数风险比（0.8379）的一半，对应评分差 0.22（已发表的平均评分 0.65 对 0.43）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>mean of the published group means (0.65 proliferative, 0.43 not) weighted by the 47.0% proliferative share; no per-patient scores are published</source>
        <translation>已发表的各组均值（增殖型 0.65，非增殖型 0.43）按增殖型占比 47.0% 加权的平均；未发表单个患者的评分</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>0 = non-proliferative, 1 = proliferative</source>
        <translation>0 = 非增殖型，1 = 增殖型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reconstructed: the other half of the high- vs low-risk log HR (0.8379)</source>
        <translation>重建：高/低风险对数 HR（0.8379）的另一半</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>non-proliferative</source>
        <translation>非增殖型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>proliferative</source>
        <translation>增殖型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>study cohort 1: 187/398 (47.0%) proliferative (published), so the median patient is non-proliferative</source>
        <translation>研究队列 1：187/398（47.0%）为增殖型（已发表），故中位患者为非增殖型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weibull S0(t) = exp(-(t/scale)^shape) for the centre patient, fitted to the published risk-group OS</source>
        <translation>中心患者的 Weibull 基线 S0(t) = exp(-(t/尺度)^形状)，按已发表的风险组总生存率拟合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>midpoint of the low- and high-risk representative linear predictors; the published cut-off is kept for display</source>
        <translation>低、高风险代表性线性预测值的中点；已发表的截断值仅作显示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paper&apos;s nomogram score (X-tile); its scale is not published</source>
        <translation>论文的列线图评分（X-tile）；其量表未发表</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cohort 2 (1749 uHCC), HAIC arm, training set</source>
        <translation>队列 2（1749 例不可切除 HCC），HAIC 组，训练集</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>0 = male, 1 = female (reconstructed assumption)</source>
        <translation>0 = 男，1 = 女（重建的假定）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HR 0.76 (0.56-1.01); coding not published: 0 = male, 1 = female assumed (reconstructed)</source>
        <translation>HR 0.76（0.56-1.01）；编码未发表：假定 0 = 男，1 = 女（重建）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>female</source>
        <translation>女</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>reconstructed: half of the fitted high- vs low-risk log hazard ratio (0.9166) per 0.22 units of score (published mean scores 0.65 vs 0.43)</source>
        <translation>重建：拟合的高/低风险对数风险比（0.9166）的一半，对应评分差 0.22（已发表的平均评分 0.65 对 0.43）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reconstructed: the other half of the high- vs low-risk log HR (0.9166)</source>
        <translation>重建：高/低风险对数 HR（0.9166）的另一半</translation>
    </message>
    <message>
        <location line="-13"/>
        <source>male</source>
        <translation>男</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>the study included only tumours &gt;= 5 cm (Cao 2025); the model was not fitted on smaller tumours</source>
        <translation>该研究仅纳入直径 ≥ 5 cm 的肿瘤（Cao 2025）；模型未在更小的肿瘤上拟合</translation>
    </message>
</context>
<context>
    <name>hccws::nomo::ModelView</name>
    <message>
        <location filename="../nomogram/widgets/src/model_view.cpp" line="+54"/>
        <source>ROC curve</source>
        <translation>ROC 曲线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>1 - specificity</source>
        <translation>1 - 特异度</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Sensitivity</source>
        <translation>灵敏度</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>model AUC %1 (%2-%3)</source>
        <translation>模型 AUC %1（%2-%3）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 AUC %2</source>
        <translation>%1 AUC %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>DeLong %1</source>
        <translation>DeLong 检验 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Calibration</source>
        <translation>校准</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Predicted probability</source>
        <translation>预测概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Observed proportion</source>
        <translation>观察比例</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>deciles of prediction</source>
        <translation>按预测值十分位分组</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>slope %1, int. %2</source>
        <translation>斜率 %1，截距 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HL %1</source>
        <translation>HL 检验 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Decision curve</source>
        <translation>决策曲线</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Threshold probability</source>
        <translation>阈值概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net benefit</source>
        <translation>净获益</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>treat all</source>
        <translation>全部治疗</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>treat none</source>
        <translation>均不治疗</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Nomogram: points per variable, total points, probability of the outcome</source>
        <translation>列线图：各变量得分、总分、结局概率</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Points</source>
        <translation>得分</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Total points</source>
        <translation>总分</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No model evaluated yet</source>
        <translation>尚未评估模型</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Model fitted on %1 (n %2, %3 events; %4 terms selected by LASSO, lambda.%5); evaluated on %6: n %7, %8 events.</source>
        <translation>模型拟合于 %1（n %2，%3 个事件；LASSO 选出 %4 项，lambda.%5）；评估于 %6：n %7，%8 个事件。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Probabilities computed by the model named above. Research use only - not for clinical decisions.</source>
        <translation>概率由上述模型计算。仅供研究使用，不用于临床决策。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>AUC %1 (95% CI %2-%3); calibration slope %4; Hosmer-Lemeshow %5</source>
        <translation>AUC %1（95% CI %2-%3）；校准斜率 %4；Hosmer-Lemeshow 检验 %5</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>; versus %1: AUC %2, DeLong %3</source>
        <translation>；对比 %1：AUC %2，DeLong 检验 %3</translation>
    </message>
</context>
<context>
    <name>hccws::nomo::NomogramInputs</name>
    <message>
        <location filename="../nomogram/widgets/src/nomogram_inputs.cpp" line="+21"/>
        <location line="+204"/>
        <source>typed by the user</source>
        <translation>用户输入</translation>
    </message>
    <message>
        <location line="-130"/>
        <source>&lt;b&gt;%1&lt;/b&gt;: range %2-%3, HR %4 per unit; %5 - %6&lt;br&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;：范围 %2-%3，每单位 HR %4；%5 - %6&lt;br&gt;</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>coding: </source>
        <translation>编码：</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+29"/>
        <location line="+292"/>
        <source>missing</source>
        <translation>缺失</translation>
    </message>
    <message>
        <location line="-314"/>
        <source>modelled range %1-%2</source>
        <translation>模型范围 %1-%2</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>Replace the typed value by the value measured on the segmentation</source>
        <translation>用分割上测得的值替换输入的值</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>%1 (not a model level)</source>
        <translation>%1（非模型水平）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>missing: type it, or measure it on the segmentation</source>
        <translation>缺失：请输入，或在分割上测量</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+219"/>
        <source>measured: %1</source>
        <translation>测量值：%1</translation>
    </message>
    <message>
        <location line="-215"/>
        <location line="+216"/>
        <source>computed: %1</source>
        <translation>计算所得：%1</translation>
    </message>
    <message>
        <location line="-210"/>
        <location line="+11"/>
        <source>; measured %1 (%2)</source>
        <translation>；测量值 %1（%2）</translation>
    </message>
    <message>
        <location line="-11"/>
        <location line="+11"/>
        <source>; computed %1 (%2)</source>
        <translation>；计算值 %1（%2）</translation>
    </message>
    <message>
        <location line="-2"/>
        <location line="+202"/>
        <source>from the clinical table: %1</source>
        <translation>来自临床数据表：%1</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>assumed: %1</source>
        <translation>假定：%1</translation>
    </message>
    <message>
        <location line="-183"/>
        <source>STALE (what it came from has changed; recompute): %1</source>
        <translation>已过期（其来源已更改；请重新计算）：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Use measured %1</source>
        <translation>使用测量值 %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Use computed %1</source>
        <translation>使用计算值 %1</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>%1 range %2-%3</source>
        <translation>%1 范围 %2-%3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Outside the modelled range (%1): extrapolation</source>
        <translation>超出模型范围（%1）：外推</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Outside the study cohort (%1)</source>
        <translation>超出研究队列范围（%1）</translation>
    </message>
    <message>
        <location line="+155"/>
        <source> (stale)</source>
        <translation>（已过期）</translation>
    </message>
</context>
<context>
    <name>hccws::nomo::NomogramStyle</name>
    <message>
        <location filename="../nomogram/widgets/src/nomogram_style.cpp" line="+27"/>
        <source>published</source>
        <translation>已发表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>reconstructed</source>
        <translation>重建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>refit on cohort</source>
        <translation>基于队列重新拟合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>synthetic demo</source>
        <translation>合成演示</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>unspecified</source>
        <translation>未指定</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>n/a</source>
        <translation>不适用</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1-year</source>
        <translation>%1年</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Research use only - a decision aid, not an instruction</source>
        <translation>仅供研究使用 - 仅为决策辅助，不构成诊疗指令</translation>
    </message>
</context>
<context>
    <name>hccws::nomo::NomogramView</name>
    <message>
        <location filename="../nomogram/widgets/src/nomogram_view.cpp" line="+118"/>
        <source>%1 = %2 is outside the modelled range %3-%4</source>
        <translation>%1 = %2 超出模型范围 %3-%4</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Extrapolation: %1. The model is evaluated beyond its data.</source>
        <translation>外推：%1。模型在其数据范围之外计算。</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 = %2 is outside the study cohort&apos;s range (%3)</source>
        <translation>%1 = %2 超出研究队列范围（%3）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: the model was not fitted on such patients.</source>
        <translation>%1：模型未在此类患者上拟合。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>No nomogram model loaded</source>
        <translation>未加载列线图模型</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Points</source>
        <translation>评分</translation>
    </message>
    <message>
        <location line="+71"/>
        <location line="+119"/>
        <source>%1 pts</source>
        <translation>%1 分</translation>
    </message>
    <message>
        <location line="-95"/>
        <source>Total points</source>
        <translation>总分</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Linear predictor</source>
        <translation>线性预测值</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 survival</source>
        <translation>%1生存率</translation>
    </message>
    <message>
        <location line="+73"/>
        <source>Not computed: missing %1</source>
        <translation>未计算：缺少 %1</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>lp %1</source>
        <translation>lp %1</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Risk group: %1 (lp %2 %3 cut-off %4 [%5]</source>
        <translation>风险分组：%1 (lp %2 %3 截断值 %4 [%5]</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HIGH</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>; published cut-off %1 on %2</source>
        <translation>；已发表的截断值 %1（%2）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1. Model: %2</source>
        <translation>%1。模型：%2</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Points per variable: 0 to %1 (the most influential variable spans the whole axis, as in rms::nomogram).</source>
        <translation>各变量评分：0 至 %1（与 rms::nomogram 相同，影响最大的变量占满整条轴）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;value %2 &amp;rarr; %3 points&lt;br&gt;beta %4 (HR %5 per %6)&lt;br&gt;modelled range %7-%8</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;&lt;br&gt;取值 %2 &amp;rarr; %3 分&lt;br&gt;beta %4（每 %6 HR %5）&lt;br&gt;模型范围 %7-%8</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>unit</source>
        <translation>单位</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;br&gt;coding: </source>
        <translation>&lt;br&gt;编码：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;br&gt;source: &lt;b&gt;%1&lt;/b&gt; - %2</source>
        <translation>&lt;br&gt;来源：&lt;b&gt;%1&lt;/b&gt; - %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;br&gt;study cohort: %1</source>
        <translation>&lt;br&gt;研究队列：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;br&gt;&lt;b&gt;Outside the modelled range: extrapolation.&lt;/b&gt;</source>
        <translation>&lt;br&gt;&lt;b&gt;超出模型范围：外推。&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&lt;br&gt;&lt;b&gt;Outside the study cohort&apos;s range: the model was not fitted on such patients.&lt;/b&gt;</source>
        <translation>&lt;br&gt;&lt;b&gt;超出研究队列范围：模型未在此类患者上拟合。&lt;/b&gt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Total points = sum of the variables&apos; points: %1</source>
        <translation>总分 = 各变量评分之和：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Linear predictor lp = sum beta (x - centre) = %1 + total points / %2; current %3</source>
        <translation>线性预测值 lp = sum beta (x - 中心值) = %1 + 总分 / %2；当前 %3</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>S(%1 | x) = S0(t)^exp(lp) = %2%&lt;br&gt;baseline: &lt;b&gt;%3&lt;/b&gt; - %4</source>
        <translation>S(%1 | x) = S0(t)^exp(lp) = %2%&lt;br&gt;基线：&lt;b&gt;%3&lt;/b&gt; - %4</translation>
    </message>
</context>
<context>
    <name>hccws::nomo::NomogramWorkspace</name>
    <message>
        <location filename="../nomogram/widgets/src/nomogram_workspace.cpp" line="+55"/>
        <source>Nomogram:</source>
        <translation>列线图：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Which treatment arm&apos;s nomogram is shown (the curves show every arm)</source>
        <translation>显示哪个治疗组的列线图（生存曲线显示所有治疗组）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>PNG image...</source>
        <translation>PNG 图像...</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SVG drawing...</source>
        <translation>SVG 矢量图...</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fill missing with cohort medians</source>
        <translation>用队列中位数填补缺失项</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Puts each model file&apos;s stated cohort value in for every MISSING input; those inputs are then marked assumed on the form, the curves and every export. Typed and measured inputs are not touched.</source>
        <translation>为每个缺失的输入填入模型文件中给出的队列数值；这些输入随后在表单、曲线和每次导出中均标记为“假定”。已输入和已测量的值不受影响。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+249"/>
        <source>Export nomogram</source>
        <translation>导出列线图</translation>
    </message>
    <message>
        <location line="-248"/>
        <location line="+248"/>
        <source>Export curves</source>
        <translation>导出曲线</translation>
    </message>
    <message>
        <location line="-210"/>
        <source>%1: no nomogram_*.json model files</source>
        <translation>%1：没有 nomogram_*.json 模型文件</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>no nomogram model files given</source>
        <translation>未指定列线图模型文件</translation>
    </message>
    <message>
        <location line="+75"/>
        <source>%1 (cohort values, not this patient&apos;s)</source>
        <translation>%1（队列数值，并非本患者的数值）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assumed: %1</source>
        <translation>假定：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 needs %2</source>
        <translation>%1 需要 %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Missing inputs: %1</source>
        <translation>缺失的输入：%1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Extrapolation: %1 outside the modelled range</source>
        <translation>外推：%1 超出模型范围</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Outside the study cohort: %1</source>
        <translation>超出研究队列范围：%1</translation>
    </message>
    <message>
        <location line="+55"/>
        <location line="+17"/>
        <source>%1: export needs a .png or .svg file name</source>
        <translation>%1：导出需要 .png 或 .svg 文件名</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>%1: no nomogram model loaded</source>
        <translation>%1：未加载列线图模型</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Predicted overall survival by treatment arm</source>
        <translation>各治疗组的预测总生存期</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG 矢量图 (*.svg)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Exported %1</source>
        <translation>已导出 %1</translation>
    </message>
</context>
<context>
    <name>hccws::nomo::PaintingExport</name>
    <message>
        <location filename="../nomogram/widgets/src/painting_export.cpp" line="+37"/>
        <source>export size too small</source>
        <translation>导出尺寸过小</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>folder does not exist</source>
        <translation>文件夹不存在</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>resolution must be 24 to 2400 dpi</source>
        <translation>分辨率必须为 24 至 2400 dpi</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the image is too large</source>
        <translation>图像过大</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>cannot write the PNG file</source>
        <translation>无法写入 PNG 文件</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>cannot write the SVG file</source>
        <translation>无法写入 SVG 文件</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SVG file is empty</source>
        <translation>SVG 文件为空</translation>
    </message>
</context>
<context>
    <name>hccws::nomo::ProvenancePanel</name>
    <message>
        <location filename="../nomogram/widgets/src/provenance_panel.cpp" line="+38"/>
        <source>Number</source>
        <translation>项目</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Source / note</source>
        <translation>来源 / 备注</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Patient inputs</source>
        <translation>患者输入值</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 model</source>
        <translation>%1 模型</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>citation</source>
        <translation>文献引用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>cohort</source>
        <translation>队列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>method</source>
        <translation>方法</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>beta %1</source>
        <translation>β：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 (HR %2)</source>
        <translation>%1 (HR %2)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>baseline survival</source>
        <translation>基线生存</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Weibull scale %1, shape %2</source>
        <translation>Weibull 尺度 %1，形状 %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>step function, %1 times</source>
        <translation>阶梯函数，%1 个时间点</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>covariance of beta</source>
        <translation>β 的协方差</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>none: no confidence bands</source>
        <translation>无：无置信带</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>from the fit</source>
        <translation>来自拟合</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not in the model file</source>
        <translation>模型文件中没有</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>risk cut-off (lp)</source>
        <translation>风险截断值 (lp)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>high if &gt;</source>
        <translation>高风险：&gt;</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>high if &lt;</source>
        <translation>高风险：&lt;</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>published cut-off</source>
        <translation>已发表的截断值</translation>
    </message>
</context>
<context>
    <name>hccws::nomo::SurvivalCurvesView</name>
    <message>
        <location filename="../nomogram/widgets/src/survival_curves_view.cpp" line="+32"/>
        <source>mo</source>
        <translation>个月</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No confidence band for %1: the model file has no variance information (reconstructed baseline, no covariance).</source>
        <translation>%1 无置信带：模型文件不含方差信息（基线为重建所得，无协方差）。</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>inputs</source>
        <translation>输入</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>not reached</source>
        <translation>未达到</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: not computed, missing %2</source>
        <translation>%1：未计算，缺少 %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1: %2 risk (lp %3 vs cut-off %4</source>
        <extracomment>the closing parenthesis follows after the optional &quot;; published cut-off %1&quot;</extracomment>
        <translation>%1：%2风险 (lp %3，截断值 %4</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HIGH</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; published cut-off %1</source>
        <translation>；已发表的截断值 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>median OS %1</source>
        <translation>中位总生存期 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RMST(%1 %2) %3</source>
        <translation>RMST(%1 %2) %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>extrapolation</source>
        <translation>外推</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>outside the study cohort</source>
        <translation>超出研究队列范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assumed: %1</source>
        <translation>假定：%1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>not estimable (median not reached)</source>
        <translation>无法估计（未达到中位值）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expected difference %1: median OS %2, RMST at %3 %4 %5 %6</source>
        <extracomment>%1: second arm minus first arm, e.g. &quot;HAIC - TACE&quot; (with a minus sign)</extracomment>
        <translation>预期差异 %1：中位总生存期 %2，%3 %4时的 RMST %5 %6</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Shaded: pointwise 95% confidence band (%1).</source>
        <translation>阴影：逐点 95% 置信带（%1）。</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Predicted overall survival by treatment arm</source>
        <translation>各治疗组的预测总生存期</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>months</source>
        <translation>月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>days</source>
        <translation>天</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>years</source>
        <translation>年</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time (%1)</source>
        <translation>时间 (%1)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Overall survival</source>
        <translation>总生存率</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>RMST horizon %1 %2</source>
        <translation>RMST 时间窗 %1 %2</translation>
    </message>
    <message>
        <location line="+65"/>
        <source>median %1</source>
        <translation>中位 %1</translation>
    </message>
</context>
<context>
    <name>hccws::widgets::LabelEditor</name>
    <message>
        <location filename="../viewer/widgets/src/label_editor.cpp" line="+155"/>
        <source>label %1</source>
        <translation>标签 %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Threshold paint needs the CT on the segmentation&apos;s grid; this segmentation lies on another grid (%1).</source>
        <translation>阈值绘制要求 CT 与分割位于同一网格；此分割位于另一网格 (%1)。</translation>
    </message>
    <message>
        <location line="+62"/>
        <source>Active contour: there is no CT to grow the contour on.</source>
        <translation>主动轮廓：没有可用于生长轮廓的 CT。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Active contour: the segmentation is on another grid than the CT shown.</source>
        <translation>主动轮廓：分割与所显示 CT 的网格不同。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1: there is no segmentation to edit and no image to create one on.</source>
        <translation>%1：没有可编辑的分割，也没有可用于创建分割的图像。</translation>
    </message>
    <message>
        <location line="+18"/>
        <location filename="../viewer/widgets/src/label_editor_async.cpp" line="+225"/>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: the new labels&apos; grid %2 differs from the segmentation&apos;s %3.</source>
        <translation>%1：新标签的网格 %2 与分割的网格 %3 不同。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Undo / redo</source>
        <translation>撤销 / 重做</translation>
    </message>
    <message>
        <location filename="../viewer/widgets/src/label_editor_async.cpp" line="-114"/>
        <source>%1: not possible while &quot;%2&quot; is running; wait for it or cancel it.</source>
        <translation>%1：“%2”正在运行，无法执行；请等待其完成或取消它。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: no operation given.</source>
        <translation>%1：未指定操作。</translation>
    </message>
</context>
<context>
    <name>hccws::widgets::SegmentNames</name>
    <message>
        <location filename="../viewer/widgets/src/segment_names.cpp" line="+8"/>
        <source>liver</source>
        <translation>肝脏</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>tumour</source>
        <translation>肿瘤</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>portal vein tumour thrombus</source>
        <translation>门静脉癌栓</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>background</source>
        <translation>背景</translation>
    </message>
</context>
<context>
    <name>hccws::widgets::SliceView</name>
    <message>
        <location filename="../viewer/widgets/src/slice_view.cpp" line="+31"/>
        <source>Slice %1/%2  %3 %4 mm
W %5  L %6</source>
        <translation>层面 %1/%2  %3 %4 mm
窗宽 %5  窗位 %6</translation>
    </message>
</context>
</TS>
