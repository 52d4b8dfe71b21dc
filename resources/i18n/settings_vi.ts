<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="vi_VN">
<context>
    <name>SettingsScreen</name>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="233" />
        <source>Settings</source>
        <translation>Cài đặt</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="243" />
        <location filename="../../counterdesk/ui/settings.py" line="256" />
        <location filename="../../counterdesk/ui/settings.py" line="433" />
        <source>Office</source>
        <translation>Cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="432" />
        <source>Signer</source>
        <translation>Người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="245" />
        <source>Accounts</source>
        <translation>Tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="244" />
        <source>Signing</source>
        <translation>Ký số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="246" />
        <source>Scanner and printer</source>
        <translation>Máy quét và máy in</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="247" />
        <source>Language and demo</source>
        <translation>Ngôn ngữ và DEMO</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="262" />
        <source>Part of every dossier code: it cannot change.</source>
        <translation>Là một phần của mọi mã hồ sơ nên không thể thay đổi.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="269" />
        <source>Save office</source>
        <translation>Lưu thông tin cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="273" />
        <source>Agency code</source>
        <translation>Mã cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="274" />
        <source>Office name</source>
        <translation>Tên cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="275" />
        <source>Commune</source>
        <translation>Xã/phường</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="276" />
        <source>Province</source>
        <translation>Tỉnh/thành phố</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="280" />
        <source>Opening hours of the counter</source>
        <translation>Giờ làm việc của bộ phận một cửa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="290" />
        <source>Morning</source>
        <translation>Sáng</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="295" />
        <source>Afternoon</source>
        <translation>Chiều</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="300" />
        <source>Save hours</source>
        <translation>Lưu giờ làm việc</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="305" />
        <source>Bank account for VietQR payments</source>
        <translation>Tài khoản ngân hàng nhận thanh toán VietQR</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="310" />
        <source>6 digits, e.g. 970415 (VietinBank)</source>
        <translation>6 chữ số, ví dụ 970415 (VietinBank)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="316" />
        <source>Save bank account</source>
        <translation>Lưu tài khoản ngân hàng</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="320" />
        <source>Bank code (BIN)</source>
        <translation>Mã ngân hàng (BIN)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="321" />
        <source>Account number</source>
        <translation>Số tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="322" />
        <source>Account holder</source>
        <translation>Chủ tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="326" />
        <source>Keeping digitized copies</source>
        <translation>Thời hạn lưu bản số hóa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="331" />
        <source>not set: nothing is removed</source>
        <translation>chưa đặt: không xóa gì</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="332" />
        <source> years</source>
        <translation> năm</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="336" />
        <source>Save period</source>
        <translation>Lưu thời hạn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="338" />
        <source>Remove digitized copies of closed dossiers after</source>
        <translation>Xóa bản số hóa của hồ sơ đã kết thúc sau</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="423" />
        <source>Signs certified copies now</source>
        <translation>Người đang ký chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="442" />
        <source>Browse…</source>
        <translation>Chọn tệp…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="565" />
        <source>e.g. Phó Chủ tịch (optional)</source>
        <translation>ví dụ: Phó Chủ tịch (không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="452" />
        <source>Import certificate</source>
        <translation>Nhập chứng thư số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="350" />
        <source>Hub</source>
        <translation>Máy chủ đồng bộ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="367" />
        <source>Sync now</source>
        <translation>Đồng bộ ngay</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="375" />
        <location filename="../../counterdesk/ui/settings.py" line="408" />
        <source>Hub address</source>
        <translation>Địa chỉ máy chủ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="376" />
        <source>This desk's id</source>
        <translation>Mã của quầy này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="377" />
        <source>Sync</source>
        <translation>Đồng bộ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="389" />
        <source>Once enrolled, this desk sends its records to the hub by itself. An admin enrols it with a one-time code from the hub's administrator.</source>
        <translation>Khi đã đăng ký, quầy này tự gửi dữ liệu lên máy chủ. Quản trị viên đăng ký quầy bằng mã dùng một lần do người quản trị máy chủ cấp.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="396" />
        <source>e.g. https://hub.dongnai.gov.vn</source>
        <translation>ví dụ https://hub.dongnai.gov.vn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="401" />
        <source>How the hub's administrator sees this desk.</source>
        <translation>Tên quầy này mà người quản trị máy chủ nhìn thấy.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="402" />
        <source>Enrol this desk</source>
        <translation>Đăng ký quầy này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="409" />
        <source>One-time code</source>
        <translation>Mã dùng một lần</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="410" />
        <source>Desk name</source>
        <translation>Tên quầy</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="437" />
        <source>Import a certificate (.p12 or .pfx file)</source>
        <translation>Nhập chứng thư số (tệp .p12 hoặc .pfx)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="457" />
        <location filename="../../counterdesk/ui/settings.py" line="485" />
        <source>Certificate of</source>
        <translation>Chứng thư số của</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="458" />
        <source>File</source>
        <translation>Tệp</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="459" />
        <location filename="../../counterdesk/ui/settings.py" line="641" />
        <source>Password</source>
        <translation>Mật khẩu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="466" />
        <source>No certificate yet: a TEST certificate for training</source>
        <translation>Chưa có chứng thư số: chứng thư số TEST để tập huấn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="473" />
        <source>Create TEST certificate</source>
        <translation>Tạo chứng thư số TEST</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="479" />
        <source>Copies signed with a TEST certificate are marked TEST and have no legal value.</source>
        <translation>Bản sao ký bằng chứng thư số TEST được đánh dấu TEST và không có giá trị pháp lý.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="498" />
        <source>Signatures</source>
        <translation>Chữ ký số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="503" />
        <source>e.g. http://tsa.example.vn/tsa (empty: none)</source>
        <translation>ví dụ http://tsa.example.vn/tsa (để trống: không dùng)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="506" />
        <source>Your certificate authority gives this address. Without it, e-copies are signed without a time-stamp and cannot reach long-term validation.</source>
        <translation>Tổ chức cung cấp dịch vụ chứng thực chữ ký số (CA) cho địa chỉ này. Nếu không có, bản sao điện tử được ký không có dấu thời gian và không đạt được xác thực dài hạn.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="511" />
        <source>Check certificates with the CA (OCSP/CRL) before signing</source>
        <translation>Kiểm tra chứng thư số với CA (OCSP/CRL) trước khi ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="514" />
        <source>Save signature settings</source>
        <translation>Lưu cài đặt chữ ký số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="517" />
        <source>Time-stamping service</source>
        <translation>Dịch vụ cấp dấu thời gian</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="528" />
        <source>Upgrade now</source>
        <translation>Nâng cấp ngay</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="543" />
        <source>Copies signed while the time-stamping service or the CA does not answer get their time-stamp and revocation data later: the window tries again by itself while it is open.</source>
        <translation>Bản sao ký khi dịch vụ cấp dấu thời gian hoặc CA không trả lời sẽ được bổ sung dấu thời gian và dữ liệu thu hồi sau: cửa sổ tự thử lại trong khi đang mở.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="555" />
        <source>the signer, who certifies</source>
        <translation>người ký, người thực hiện chứng thực</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="556" />
        <source>the office: its signature goes over the signer's</source>
        <translation>cơ quan: chữ ký của cơ quan ký sau chữ ký của người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="561" />
        <location filename="../../counterdesk/ui/settings.py" line="574" />
        <source>Title in the stamp</source>
        <translation>Chức danh trên chữ ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="562" />
        <source>optional</source>
        <translation>không bắt buộc</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="564" />
        <location filename="../../counterdesk/ui/settings.py" line="579" />
        <source>Signer's title</source>
        <translation>Chức vụ người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="573" />
        <source>Office's name</source>
        <translation>Tên cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="578" />
        <source>Signer's name</source>
        <translation>Họ tên người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="588" />
        <source>Only an admin may add or deactivate accounts. While the office has no account, this desk acts as its single user; once the first account (an admin) is added, everyone signs in.</source>
        <translation>Chỉ quản trị viên được thêm hoặc vô hiệu hóa tài khoản. Khi cơ quan chưa có tài khoản nào, máy này làm việc như người dùng duy nhất; khi đã thêm tài khoản đầu tiên (quản trị viên), mọi người đều phải đăng nhập.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="598" />
        <location filename="../../counterdesk/ui/settings.py" line="638" />
        <source>User name</source>
        <translation>Tên đăng nhập</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="598" />
        <location filename="../../counterdesk/ui/settings.py" line="639" />
        <source>Full name</source>
        <translation>Họ và tên</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="598" />
        <location filename="../../counterdesk/ui/settings.py" line="640" />
        <source>Roles</source>
        <translation>Vai trò</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="598" />
        <source>State</source>
        <translation>Trạng thái</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="606" />
        <source>Deactivate the selected account</source>
        <translation>Vô hiệu hóa tài khoản đã chọn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="613" />
        <source>Add an account</source>
        <translation>Thêm tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="621" />
        <source>Clerk: receives, digitizes, returns</source>
        <translation>Cán bộ một cửa: tiếp nhận, số hóa, trả kết quả</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="622" />
        <source>Signer: certifies copies</source>
        <translation>Người ký: chứng thực bản sao</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="623" />
        <source>Admin: settings and accounts</source>
        <translation>Quản trị: cài đặt và tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="635" />
        <source>Add account</source>
        <translation>Thêm tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="642" />
        <source>Password again</source>
        <translation>Nhập lại mật khẩu</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="650" />
        <source>Scanner or camera of this desk</source>
        <translation>Máy quét hoặc camera của máy này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="657" />
        <source>e.g. 192.168.1.20 (optional)</source>
        <translation>ví dụ 192.168.1.20 (không bắt buộc)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="658" />
        <source>Also look for cameras (slower)</source>
        <translation>Tìm cả camera (chậm hơn)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="660" />
        <source>Look for scanners</source>
        <translation>Tìm máy quét</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="666" />
        <source>Capture source</source>
        <translation>Nguồn quét</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="667" />
        <source>Network scanner address</source>
        <translation>Địa chỉ máy quét qua mạng</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="671" />
        <source>Printer of this desk</source>
        <translation>Máy in của máy này</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="676" />
        <source>Printer</source>
        <translation>Máy in</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="678" />
        <source>These choices belong to this computer; they are saved at once.</source>
        <translation>Các lựa chọn này chỉ áp dụng cho máy tính này và được lưu ngay.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="689" />
        <source>Language</source>
        <translation>Ngôn ngữ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="700" />
        <source>Language of the window</source>
        <translation>Ngôn ngữ giao diện</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="704" />
        <source>Demo office</source>
        <translation>Văn phòng DEMO</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="709" />
        <source>Removes everything done in the demo office and starts it afresh with its sample dossiers.</source>
        <translation>Xóa mọi thao tác đã làm trong văn phòng DEMO và tạo lại từ đầu cùng các hồ sơ mẫu.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="714" />
        <location filename="../../counterdesk/ui/settings.py" line="1198" />
        <source>Reset demo office</source>
        <translation>Đặt lại văn phòng DEMO</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="738" />
        <source>Looking for printers</source>
        <translation>Đang tìm máy in</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="743" />
        <location filename="../../counterdesk/ui/settings.py" line="749" />
        <source>Loading settings</source>
        <translation>Đang tải cài đặt</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="785" />
        <source>No signer yet: import a certificate, or create a TEST signer.</source>
        <translation>Chưa có người ký: hãy nhập chứng thư số hoặc tạo người ký TEST.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="788" />
        <source>%1, %2 — certificate valid until %3</source>
        <translation>%1, %2 — chứng thư số có hiệu lực đến %3</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="792" />
        <source>TEST signer: for training only, no legal value.</source>
        <translation>Người ký TEST: chỉ để tập huấn, không có giá trị pháp lý.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="798" />
        <source>No office certificate: e-copies carry the signer's signature only.</source>
        <translation>Chưa có chứng thư số của cơ quan: bản sao điện tử chỉ mang chữ ký của người ký.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="801" />
        <source>%1 — certificate valid until %2</source>
        <translation>%1 — chứng thư số có hiệu lực đến %2</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="804" />
        <source>TEST certificate: for training only, no legal value.</source>
        <translation>Chứng thư số TEST: chỉ để tập huấn, không có giá trị pháp lý.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/settings.py" line="809" />
        <source>%n e-copy(ies) waiting for long-term validation (B-LTA).</source>
        <translation>
            <numerusform>%n bản sao điện tử đang chờ cấp dấu thời gian để xác thực dài hạn (B-LTA).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="811" />
        <source>No e-copy is waiting for long-term validation.</source>
        <translation>Không có bản sao điện tử nào chờ xác thực dài hạn.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/settings.py" line="818" />
        <source>%n e-copy(ies) upgraded to long-term validation.</source>
        <translation>
            <numerusform>Đã nâng cấp %n bản sao điện tử lên xác thực dài hạn.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/settings.py" line="823" />
        <source>%n e-copy(ies) still waiting: the time-stamping service or the CA did not answer.</source>
        <translation>
            <numerusform>%n bản sao điện tử vẫn đang chờ: dịch vụ cấp dấu thời gian hoặc CA không trả lời.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/settings.py" line="830" />
        <source>%n e-copy(ies) could not be upgraded:</source>
        <translation>
            <numerusform>%n bản sao điện tử không nâng cấp được:</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="833" />
        <source>No e-copy was waiting for long-term validation.</source>
        <translation>Không có bản sao điện tử nào đang chờ xác thực dài hạn.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="842" />
        <source>deactivated</source>
        <translation>đã vô hiệu hóa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="844" />
        <source>locked</source>
        <translation>đang bị khóa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="846" />
        <source>active</source>
        <translation>đang hoạt động</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="861" />
        <source>clerk</source>
        <translation>cán bộ một cửa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="862" />
        <source>signer</source>
        <translation>người ký</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="863" />
        <source>admin</source>
        <translation>quản trị</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="879" />
        <source>The last attempt did not go through: %1</source>
        <translation>Lần đồng bộ gần nhất không thành công: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="887" />
        <source>Not synced: %1</source>
        <translation>Chưa đồng bộ được: %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../counterdesk/ui/settings.py" line="889" />
        <source>%n change(s) sent (%1).</source>
        <translation>
            <numerusform>Đã gửi %n thay đổi (%1).</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="892" />
        <source>Synced: nothing was waiting to be sent.</source>
        <translation>Đã đồng bộ: không có gì chờ gửi.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="894" />
        <source>Stopped to let your work go first; the rest follows.</source>
        <translation>Đã tạm dừng để ưu tiên việc của bạn; phần còn lại sẽ được gửi sau.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="908" />
        <source>The office is saved.</source>
        <translation>Đã lưu thông tin cơ quan.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="909" />
        <source>Saving the office</source>
        <translation>Đang lưu thông tin cơ quan</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="919" />
        <source>The opening hours are saved; due times of new dossiers follow them.</source>
        <translation>Đã lưu giờ làm việc; hạn trả của hồ sơ mới được tính theo giờ này.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="920" />
        <source>Saving the opening hours</source>
        <translation>Đang lưu giờ làm việc</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="931" />
        <source>The bank account is saved; receipts carry its VietQR code.</source>
        <translation>Đã lưu tài khoản ngân hàng; biên lai sẽ in mã VietQR của tài khoản này.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="932" />
        <source>Saving the bank account</source>
        <translation>Đang lưu tài khoản ngân hàng</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="940" />
        <source>The retention period is saved.</source>
        <translation>Đã lưu thời hạn lưu bản số hóa.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="941" />
        <source>Saving the retention period</source>
        <translation>Đang lưu thời hạn lưu bản số hóa</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="952" />
        <source>Type the hub's address and the one-time code first.</source>
        <translation>Hãy nhập địa chỉ máy chủ và mã dùng một lần trước.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="960" />
        <source>This desk is enrolled with the hub as %1; it starts sending its records.</source>
        <translation>Quầy này đã đăng ký với máy chủ, mã quầy %1; quầy bắt đầu gửi dữ liệu.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="969" />
        <source>Enrolling with the hub</source>
        <translation>Đang đăng ký với máy chủ</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="980" />
        <source>Syncing…</source>
        <translation>Đang đồng bộ…</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1034" />
        <source>Creating the TEST certificate</source>
        <translation>Đang tạo chứng thư số TEST</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1045" />
        <source>The signature settings are saved.</source>
        <translation>Đã lưu cài đặt chữ ký số.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1046" />
        <source>Saving the signature settings</source>
        <translation>Đang lưu cài đặt chữ ký số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1062" />
        <source>Upgrading e-copies to long-term validation</source>
        <translation>Đang nâng cấp bản sao điện tử lên xác thực dài hạn</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="988" />
        <source>Certificates (*.p12 *.pfx)</source>
        <translation>Chứng thư số (*.p12 *.pfx)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="988" />
        <source>Certificate file</source>
        <translation>Tệp chứng thư số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1011" />
        <source>The office's certificate is imported; it signs every e-copy from now on.</source>
        <translation>Đã nhập chứng thư số của cơ quan; từ nay cơ quan ký mọi bản sao điện tử.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1014" />
        <source>The certificate is imported; it signs from now on.</source>
        <translation>Đã nhập chứng thư số; từ nay dùng chứng thư này để ký.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1018" />
        <source>Importing the certificate</source>
        <translation>Đang nhập chứng thư số</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1027" />
        <source>The office's TEST certificate is created; it signs every e-copy from now on.</source>
        <translation>Đã tạo chứng thư số TEST của cơ quan; từ nay cơ quan ký mọi bản sao điện tử.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1030" />
        <source>The TEST signer is created; it signs from now on.</source>
        <translation>Đã tạo người ký TEST; từ nay dùng người ký này để ký.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1071" />
        <source>The two passwords differ; type the same password twice.</source>
        <translation>Hai mật khẩu không khớp; hãy nhập cùng một mật khẩu hai lần.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1088" />
        <source>The account %1 is added.</source>
        <translation>Đã thêm tài khoản %1.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1093" />
        <source>Adding the account</source>
        <translation>Đang thêm tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1098" />
        <source>The office has accounts now: everyone signs in. Sign in to go on working.</source>
        <translation>Cơ quan đã có tài khoản: mọi người đều phải đăng nhập. Hãy đăng nhập để tiếp tục làm việc.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1113" />
        <source>Select the account to deactivate first.</source>
        <translation>Hãy chọn tài khoản cần vô hiệu hóa trước.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1118" />
        <source>The account %1 is deactivated.</source>
        <translation>Đã vô hiệu hóa tài khoản %1.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1119" />
        <source>Deactivating the account</source>
        <translation>Đang vô hiệu hóa tài khoản</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1143" />
        <source>Looking for scanners</source>
        <translation>Đang tìm máy quét</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1150" />
        <source>No scanner: choose image or PDF files</source>
        <translation>Không dùng máy quét: chọn tệp ảnh hoặc PDF</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1154" />
        <location filename="../../counterdesk/ui/settings.py" line="1167" />
        <source>%1 (not found now)</source>
        <translation>%1 (hiện không tìm thấy)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1164" />
        <source> (default)</source>
        <translation> (mặc định)</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1165" />
        <source>Print to PDF file</source>
        <translation>In ra tệp PDF</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1175" />
        <source>Capture source saved: %1</source>
        <translation>Đã lưu nguồn quét: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1181" />
        <source>Printer saved: %1</source>
        <translation>Đã lưu máy in: %1</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1186" />
        <source>The window uses the new language from the next start of CounterDesk.</source>
        <translation>Ngôn ngữ mới được áp dụng từ lần khởi động CounterDesk tiếp theo.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1199" />
        <source>Remove everything done in the demo office and start it afresh?</source>
        <translation>Xóa mọi thao tác trong văn phòng DEMO và bắt đầu lại từ đầu?</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1208" />
        <source>The demo office is reset.</source>
        <translation>Đã đặt lại văn phòng DEMO.</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1212" />
        <source>Resetting the demo office</source>
        <translation>Đang đặt lại văn phòng DEMO</translation>
    </message>
    <message>
        <location filename="../../counterdesk/ui/settings.py" line="1253" />
        <source>This cannot be done</source>
        <translation>Không thể thực hiện</translation>
    </message>
</context>
</TS>