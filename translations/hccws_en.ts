<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en_US">
<context>
    <name>hccws::gui::MainWindow</name>
    <message numerus="yes">
        <location filename="../app/gui/main_window_segment.cpp" line="+176"/>
        <source>%n lesion(s), %1 mL, largest %2 mm</source>
        <translation>
            <numerusform>%n lesion, %1 mL, largest %2 mm</numerusform>
            <numerusform>%n lesions, %1 mL, largest %2 mm</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../app/gui/main_window_marks.cpp" line="+59"/>
        <source>%n mark(s) loaded from %1</source>
        <translation>
            <numerusform>%n mark loaded from %1</numerusform>
            <numerusform>%n marks loaded from %1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hccws::gui::RadiomicsDock</name>
    <message numerus="yes">
        <location filename="../app/gui/radiomics_dock.cpp" line="+298"/>
        <source>%n feature value(s), measured on %1.</source>
        <translation>
            <numerusform>%n feature value, measured on %1.</numerusform>
            <numerusform>%n feature values, measured on %1.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>hccws::gui::StudyLoader</name>
    <message numerus="yes">
        <location filename="../app/gui/study_loader.cpp" line="+85"/>
        <source>Registering %n phase(s) onto the reference phase</source>
        <translation>
            <numerusform>Registering %n phase onto the reference phase</numerusform>
            <numerusform>Registering %n phases onto the reference phase</numerusform>
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
