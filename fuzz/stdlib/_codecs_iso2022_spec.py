"""_codecs_iso2022_spec.py - incremental encoders and decoders, and a stream reader and writer
over shared BytesIO objects, of _codecs_iso2022's codecs (iso2022_jp, iso2022_kr), shared by
the threads (they need a codec)."""
import _codecs_iso2022

import _spec_kit

SharedIso2022Jp = _spec_kit.shared_cjk_codec(__name__, _codecs_iso2022, "iso2022_jp")
SharedIso2022Kr = _spec_kit.shared_cjk_codec(__name__, _codecs_iso2022, "iso2022_kr")
