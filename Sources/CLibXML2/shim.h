// libxml2 as Hermine uses it. ICU support is hidden from Swift: its headers clash with the copy of
// ICU inside Foundation, and Hermine never touches the encoding handler structures they shape.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
