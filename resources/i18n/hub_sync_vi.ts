<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>HubSync</name>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="176" />
        <source>Sync now</source>
        <translation>Đồng bộ ngay</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="248" />
        <source>Syncing with the hub</source>
        <translation>Đang đồng bộ với máy chủ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="320" />
        <source>Not synced yet</source>
        <translation>Chưa đồng bộ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="322" />
        <source>Synced at %1</source>
        <translation>Đồng bộ lúc %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="324" />
        <source>Synced at %1 on %2</source>
        <translation>Đồng bộ lúc %1 ngày %2</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/hub_sync.py" line="327" />
        <source>%n change(s), %1 waiting to be sent</source>
        <translation>
            <numerusform>%n thay đổi, %1 chờ gửi</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="330" />
        <source>nothing waiting to be sent</source>
        <translation>không có gì chờ gửi</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="334" />
        <source>Hub: %1</source>
        <translation>Máy chủ: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="337" />
        <source>The last attempt, at %1, did not go through:</source>
        <translation>Lần đồng bộ gần nhất, lúc %1, không thành công:</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="342" />
        <source>The desk keeps working and tries again by itself.</source>
        <translation>Quầy vẫn làm việc bình thường và tự thử lại sau.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="345" />
        <source>Last attempt: %1</source>
        <translation>Lần đồng bộ gần nhất: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/hub_sync.py" line="347" />
        <source>Sync now: right-click, or %1</source>
        <translation>Đồng bộ ngay: bấm chuột phải, hoặc %1</translation>
    </message>
</context>
</TS>