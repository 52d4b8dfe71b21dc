"""Warnings that travel with a captured page: a stable English code and a clerk's message.

Pages are never dropped for a warning (scanner users' top complaint is pages that
vanish); the clerk sees the warning and decides to rescan, rotate or keep.
"""

from dataclasses import dataclass

MESSAGES = {
    "blank": "Trang có vẻ trống. Kiểm tra lại, xóa trang nếu đúng là trang trắng.",
    "blur": "Ảnh bị mờ, chữ có thể khó đọc. Nên chụp hoặc quét lại trang này.",
    "cut_off": "Trang bị cắt ở mép khung hình. Chụp lại sao cho thấy đủ bốn góc giấy.",
    "dark": "Ảnh quá tối. Bật thêm đèn hoặc tránh bóng che rồi chụp lại.",
    "low_resolution": "Độ phân giải chỉ khoảng {dpi} dpi, thấp hơn 200 dpi theo quy định. "
    "Nên quét lại ở 200-300 dpi hoặc chụp gần hơn.",
    "page_not_found": "Không tìm thấy mép trang trong ảnh; đã giữ nguyên cả khung hình.",
    "duplicate": "Trang này giống trang {page} của tài liệu số {document} đã số hóa trước đó.",
    "duplicate_document": "Các tệp này đã được số hóa trước đó (tài liệu số {document}); "
    "không lưu thêm bản thứ hai.",
    "source_interrupted": "Nguồn quét dừng giữa chừng ({reason}). Các trang đã nhận vẫn được lưu.",
    "no_text_layer": "Chưa có lớp chữ tìm kiếm được (máy chưa cài Tesseract với tiếng Việt).",
}


@dataclass(frozen=True)
class PageWarning:
    code: str
    message: str


# Several situations share one public code.
_CODES = {"duplicate_document": "duplicate"}


def page_warning(code: str, **details: object) -> PageWarning:
    return PageWarning(_CODES.get(code, code), MESSAGES[code].format(**details))
