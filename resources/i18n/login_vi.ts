<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>LoginDialog</name>
    <message>
        <location filename="../../counterdesk/ui/login.py" line="21" />
        <source>Sign in to CounterDesk</source>
        <translation>Đăng nhập CounterDesk</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/login.py" line="31" />
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/login.py" line="32" />
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/login.py" line="37" />
        <source>Sign in</source>
        <translation>Đăng nhập</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/login.py" line="46" />
        <source>Checking…</source>
        <translation>Đang kiểm tra…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/login.py" line="51" />
        <source>Signing in</source>
        <translation>Đang đăng nhập</translation>
    </message>
</context>
</TS>