/* value_kinds.h - the Python type of each value a program can pass to a module's callable
 * (the value pool, keys, shared objects), and what the start-of-campaign probe found each
 * callable accepts. */
#ifndef FTF_VALUE_KINDS_H
#define FTF_VALUE_KINDS_H

#include <stddef.h>
#include <stdint.h>

/* Argument kinds. Index order is the probe file's bit order: append new ones at the end. */
#define FTF_VKINDS(X) \
    X(INT, "int") X(BOOL, "bool") X(FLOAT, "float") X(STR, "str") X(BYTES, "bytes")           \
    X(NONE, "None") X(TUPLE, "tuple") X(LIST, "list") X(DICT, "dict") X(OBJECT, "object")     \
    X(OTHER, "other") X(OWN, "own")

enum ftf_vkind {
#define ROW(name, label) FTF_VK_##name,
    FTF_VKINDS(ROW)
#undef ROW
    FTF_VK_COUNT
};

/* Every kind: what a callable accepts when the probe could not tell (it timed out). */
#define FTF_VK_ALL ((1u << FTF_VK_COUNT) - 1u)

/* The kind's name ("int"), NULL out of range; by name, -1 when unknown. */
const char *ftf_vkind_name(unsigned k);
int ftf_vkind_by_name(const char *name);

/* The kind of a pool value's or key's source text (ops.def), FTF_VK_OTHER when it is not
 * one the classifier knows (test_value_kinds.c fails on such a pool entry). */
enum ftf_vkind ftf_vkind_of_text(const char *text);

/* The kind of a shared object of kinds.def kind `kind` passed as an argument (OWN: an
 * instance of one of the module's types, MODOBJ; the probe passes a fresh instance of the
 * method's own type, or for a function of the module's first type). */
enum ftf_vkind ftf_vkind_of_object(unsigned kind);

/* The text of the first pool value of kind k (what the probe passes), NULL when the pool
 * holds none (OTHER, and OWN: the probe builds an instance). */
const char *ftf_vkind_probe_text(unsigned k);

/* Kinds masks, one per module entry: a kinds-list's bits (e.g. "int,bool") from text, -1
 * when a name is unknown; and back, into buf. */
long ftf_vkinds_parse(const char *list);
void ftf_vkinds_format(uint32_t mask, char *buf, size_t len);

#endif
