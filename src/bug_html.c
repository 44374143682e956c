/* bug_html.c - the bug list as one self-contained HTML page: a sortable table and plots. */
#include "bug_formats.h"

#include <jansson.h>
#include <stdlib.h>

#include "escape.h"
#include "store.h"

/* No external resource: the policy forbids loading anything, so the page is the same
 * offline as in a CI artifact viewer. */
static const char head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
    "style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";

static const char style[] =
    "<style>\n"
    "body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}\n"
    "h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\n"
    ".counts span{display:inline-block;margin-right:1.2em;padding:.2em .6em;border-radius:4px;"
    "background:#eee}.counts .new{background:#fdd}\n"
    "table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid #ddd;"
    "padding:.3em .5em;text-align:left;vertical-align:top}\n"
    "th{white-space:nowrap}td.path{overflow-wrap:anywhere;min-width:14em}\n"
    "th{cursor:pointer;background:#f4f4f4;user-select:none}th.asc::after{content:' \\25B2'}"
    "th.desc::after{content:' \\25BC'}\n"
    "tr.new td:first-child{color:#b00;font-weight:bold}td.num{text-align:right}\n"
    "details summary{cursor:pointer}pre{background:#f8f8f8;padding:.6em;overflow:auto;"
    "max-height:30em;font-size:12px}\n"
    ".plots{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}"
    "figcaption{font-weight:bold}\n"
    "svg.plot{background:#fcfcfc;border:1px solid #ddd}svg.plot polyline{fill:none;"
    "stroke:#2a6fdb;stroke-width:2}svg.plot circle{fill:#2a6fdb}svg.plot text{font-size:10px;"
    "fill:#555}svg.plot line{stroke:#999}\n"
    "</style>\n</head>\n<body>\n";

/* Sorting by a column's data-v (numbers when the header says data-num), and one SVG line
 * plot per series of the timeline; body[data-rendered] tells a test the script ran. */
static const char script[] =
    "<script>\n"
    "(function(){\n"
    "var t=document.getElementById('bugs');\n"
    "if(t){var hs=t.tHead.rows[0].cells;\n"
    "for(var i=0;i<hs.length;i++)(function(i,h){h.addEventListener('click',function(){\n"
    " var asc=!h.classList.contains('asc');for(var j=0;j<hs.length;j++)"
    "hs[j].classList.remove('asc','desc');h.classList.add(asc?'asc':'desc');\n"
    " var num=h.hasAttribute('data-num'),b=t.tBodies[0],rows=Array.prototype.slice.call(b.rows);\n"
    " rows.sort(function(x,y){var a=x.cells[i].getAttribute('data-v'),c=y.cells[i]"
    ".getAttribute('data-v');\n"
    "  var r=num?(+a)-(+c):(a<c?-1:a>c?1:0);return asc?r:-r;});\n"
    " rows.forEach(function(r){b.appendChild(r);});});})(i,hs[i]);}\n"
    "var data=JSON.parse(document.getElementById('timeline').textContent);\n"
    "var series=[['bugs','bugs'],['cov','edge coverage'],['runs_per_s','runs per second'],"
    "['corpus','corpus size']];\n"
    "var NS='http://www.w3.org/2000/svg',W=360,H=180,L=48,R=10,T=10,B=28;\n"
    "function el(n,a,p){var e=document.createElementNS(NS,n);for(var k in a)"
    "e.setAttribute(k,a[k]);if(p)p.appendChild(e);return e;}\n"
    "var box=document.getElementById('plots');\n"
    "series.forEach(function(s){\n"
    " var pts=data.filter(function(p){return p[s[0]]>=0;});\n"
    " var f=document.createElement('figure'),c=document.createElement('figcaption');\n"
    " c.textContent=s[1];f.appendChild(c);box.appendChild(f);\n"
    " var svg=el('svg',{'class':'plot','data-series':s[0],width:W,height:H,viewBox:'0 0 '+W+' '+H},f);\n"
    " el('line',{x1:L,y1:H-B,x2:W-R,y2:H-B},svg);el('line',{x1:L,y1:T,x2:L,y2:H-B},svg);\n"
    " if(!pts.length){el('text',{x:L+10,y:H/2},svg).textContent='no data';return;}\n"
    " var x1=Math.max.apply(null,pts.map(function(p){return p.elapsed_s;}))||1;\n"
    " var y1=Math.max.apply(null,pts.map(function(p){return p[s[0]];}))||1;\n"
    " function X(v){return L+(W-L-R)*v/x1;}function Y(v){return H-B-(H-T-B)*v/y1;}\n"
    " el('polyline',{points:pts.map(function(p){return X(p.elapsed_s).toFixed(1)+','+"
    "Y(p[s[0]]).toFixed(1);}).join(' ')},svg);\n"
    " pts.forEach(function(p){el('circle',{cx:X(p.elapsed_s),cy:Y(p[s[0]]),r:2.5},svg);});\n"
    " el('text',{x:2,y:T+8},svg).textContent=String(Math.round(y1*100)/100);\n"
    " el('text',{x:2,y:H-B},svg).textContent='0';\n"
    " el('text',{x:W-R-60,y:H-8},svg).textContent=Math.round(x1)+' s';\n"
    " el('text',{x:L,y:H-8},svg).textContent='0 s';\n"
    "});\n"
    "document.body.setAttribute('data-rendered','1');\n"
    "})();\n"
    "</script>\n";

static void cell(FILE *out, const char *cls, const char *sort_value, const char *text)
{
    fprintf(out, "<td%s%s%s data-v=\"", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    ftf_put_xml(out, sort_value, true);
    fputs("\">", out);
    ftf_put_xml(out, text, false);
    fputs("</td>", out);
}

static void pre_file(FILE *out, const char *label, const char *dir, enum ftf_finding_text which)
{
    char *text = ftf_store_read_text(dir, which);
    fprintf(out, "<h4>%s</h4><pre>", label);
    ftf_put_xml(out, text ? text : "(missing)", false);
    fputs("</pre>", out);
    free(text);
}

static void bug_row(FILE *out, size_t i, const struct ftf_bug *b)
{
    const struct ftf_finding_meta *r = b->rep;
    char num[64], where[4200];
    fprintf(out, "<tr class=\"bug %s\" id=\"bug-%s\">", b->known ? "known" : "new", b->key.id);
    snprintf(num, sizeof num, "%06zu", i); /* the page's own order: new first */
    cell(out, NULL, num, b->known ? b->known->reference : "new");
    cell(out, NULL, ftf_finding_kind_name(b->key.kind), ftf_finding_kind_name(b->key.kind));
    fprintf(out, "<td data-v=\"");
    ftf_put_xml(out, b->key.title, true);
    fputs("\"><details><summary>", out);
    ftf_put_xml(out, b->key.title, false);
    fprintf(out, "</summary><p>bug <code>%s</code>, finding <code>", b->key.id);
    ftf_put_xml(out, r->dir, false);
    fputs("</code></p>", out);
    if (r->racing_ops) {
        fputs("<p>racing ops: ", out);
        ftf_put_xml(out, r->racing_ops, false);
        fputs("</p>", out);
    }
    pre_file(out, "report.txt", r->dir, FTF_TEXT_REPORT);
    pre_file(out, b->minimised ? "repro.py (minimised)" : "repro.py", r->dir, FTF_TEXT_REPRO);
    fputs("</details></td>", out);
    cell(out, "path", b->origin, b->origin);
    if (r->loc_file)
        snprintf(where, sizeof where, "%s:%lld", r->loc_file, r->loc_line);
    else
        snprintf(where, sizeof where, "?");
    cell(out, "path", where, where);
    snprintf(num, sizeof num, "%lld", b->hits);
    cell(out, "num", num, num);
    snprintf(num, sizeof num, "%zu", b->n_members);
    cell(out, "num", num, num);
    cell(out, NULL, b->minimised ? "yes" : "no", b->minimised ? "yes" : "no");
    fputs("</tr>\n", out);
}

/* The timeline as a JSON array in a <script type="application/json">: JSON_ESCAPE_SLASH
 * writes "/" as "\/", so no text in it can close the element. */
static int timeline_json(FILE *out, const struct ftf_timeline_point *v, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        const struct ftf_timeline_point *p = &v[i];
        json_t *o = json_pack("{s:f, s:I, s:f, s:I, s:I, s:I, s:I, s:I, s:I}", "elapsed_s",
                              p->elapsed_s, "runs", (json_int_t)p->runs, "runs_per_s",
                              p->runs_per_s, "cov", (json_int_t)p->cov, "ft",
                              (json_int_t)p->ft, "corpus", (json_int_t)p->corpus, "bugs",
                              (json_int_t)p->bugs, "new", (json_int_t)p->new_bugs,
                              "signatures", (json_int_t)p->signatures);
        if (!o || json_array_append_new(arr, o)) {
            json_decref(arr);
            return -1;
        }
    }
    if (!arr)
        return -1;
    fputs("<script type=\"application/json\" id=\"timeline\">", out);
    int rc = json_dumpf(arr, out, JSON_COMPACT | JSON_ESCAPE_SLASH);
    fputs("</script>\n", out);
    json_decref(arr);
    return rc ? -1 : 0;
}

int ftf_bugs_html(FILE *out, const char *out_dir, const struct ftf_bug_list *l,
                  const struct ftf_timeline_point *timeline, size_t n)
{
    fputs(head, out);
    fprintf(out, "<title>ftfuzz: %zu new bug%s, %zu known</title>\n", l->n_new,
            l->n_new == 1 ? "" : "s", l->n_known);
    fputs(style, out);
    fputs("<h1>ftfuzz report: ", out);
    ftf_put_xml(out, out_dir, false);
    fputs("</h1>\n", out);
    fprintf(out, "<p class=\"counts\"><span>bugs %zu</span><span class=\"new\">new %zu</span>"
                 "<span>known %zu</span><span>signatures %zu</span>", l->n, l->n_new,
            l->n_known, l->n_signatures);
    if (n)
        fprintf(out, "<span>runs %lld in %.0f s</span>", timeline[n - 1].runs,
                timeline[n - 1].elapsed_s);
    fputs("</p>\n<h2>Bugs</h2>\n", out);
    fputs("<table id=\"bugs\"><thead><tr><th>status</th><th>kind</th><th>bug (click: report "
          "and repro)</th><th>origin</th><th>location</th><th data-num>hits</th>"
          "<th data-num>signatures</th><th>minimised</th></tr></thead>\n<tbody>\n", out);
    for (size_t i = 0; i < l->n; i++)
        bug_row(out, i, &l->v[i]);
    fputs("</tbody></table>\n", out);
    if (!l->n)
        fputs("<p>No bug.</p>\n", out);
    fprintf(out, "<h2>Campaign (%zu status intervals)</h2>\n<div class=\"plots\" "
                 "id=\"plots\"></div>\n", n);
    if (timeline_json(out, timeline, n))
        return -1;
    fputs(script, out);
    fputs("</body>\n</html>\n", out);
    return 0;
}
