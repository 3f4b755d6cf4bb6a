<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>hccws::gui::MainWindow</name>
    <message numerus="yes">
        <location filename="../app/gui/main_window_segment.cpp" line="+176"/>
        <source>%n lesion(s), %1 mL, largest %2 mm</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/main_window_marks.cpp" line="+59"/>
        <source>%n mark(s) loaded from %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hccws::gui::StudyLoader</name>
    <message numerus="yes">
        <location filename="../app/gui/study_loader.cpp" line="+85"/>
        <source>Registering %n phase(s) onto the reference phase</source>
        <translation type="unfinished">
            <numerusform></numerusform>
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hccws::gui::StudyPanel</name>
    <message numerus="yes">
        <location filename="../app/gui/study_panel.cpp" line="+113"/>
        <source>Patient %1 - %n series</source>
        <translation>
            <numerusform>Patient %1 - %n series</numerusform>
            <numerusform>Patient %1 - %n series</numerusform>
        </translation>
    </message>
</context>
</TS>
