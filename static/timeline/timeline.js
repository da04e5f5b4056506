/* The public timeline's behaviour on top of htmx. Every page works without this file; with it:
   - Back returns to where the reader was (scroll position, after "Load more" too);
   - keyboard focus survives redrawn filters and moves to the first event "Load more" added;
   - the filter panel stays open on wide screens (on phones it is a "Filters" disclosure);
   - the chart view draws its chart with vis-timeline, loaded only there.
   A static file rather than inline scripts, so the Content-Security-Policy can forbid those. */
(function () {
  "use strict";

  /* Back. htmx asks the server for the page again on Back (base.html keeps no copies of pages
     in localStorage), and the new page starts at the top: remember the scroll position of each
     address when leaving it, and go back to it once the page is restored. */
  var SCROLL_KEY = "timeline:scroll:";

  function remember(key, value) {
    try {
      window.sessionStorage.setItem(key, value);
    } catch (error) {
      /* private browsing without storage: Back still works, from the top */
    }
  }

  function recall(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (error) {
      return null;
    }
  }

  document.addEventListener("htmx:beforeHistorySave", function (event) {
    remember(SCROLL_KEY + event.detail.path, String(window.scrollY));
  });

  document.addEventListener("htmx:historyRestore", function (event) {
    var y = recall(SCROLL_KEY + event.detail.path);
    if (y !== null) {
      window.scrollTo(0, Number(y));
    }
  });

  /* Focus. htmx gives focus back to an element with the same id after a swap (the facet
     checkboxes have ids). When that element is gone, focus goes to what replaced it: the
     results' heading, or the first event that "Load more" added. */
  var focusBefore = null;
  var eventsBefore = 0;

  document.addEventListener("htmx:beforeSwap", function (event) {
    focusBefore = document.activeElement;
    eventsBefore = document.querySelectorAll("#event-list .event").length;
  });

  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail.target;
    var lost = focusBefore && focusBefore !== document.body && !document.body.contains(focusBefore);
    focusBefore = null;
    if (!lost || !target || (document.activeElement && document.activeElement !== document.body)) {
      return;
    }
    if (target.id === "load-more" || target.closest("#event-list")) {
      var added = document.querySelectorAll("#event-list .event")[eventsBefore];
      var link = added && added.querySelector(".event-title a");
      if (link) {
        link.focus();
      }
    } else if (target.id === "results") {
      var heading = document.getElementById("results-heading");
      if (heading) {
        heading.setAttribute("tabindex", "-1");
        heading.focus({ preventScroll: true });
      }
    }
  });

  /* The filter panel is a <details> disclosure on phones and always open on wide screens
     (the stylesheet shows it open there too where browsers support ::details-content). */
  var wide = window.matchMedia("(min-width: 48.01rem)");

  function openPanelWhenWide() {
    var panel = document.getElementById("filter-panel");
    if (panel && wide.matches) {
      panel.open = true;
    }
  }

  wide.addEventListener("change", openPanelWhenWide);

  /* The chart view. vis-timeline and what it needs are loaded the first time a page shows a
     chart; the chart then asks the server for the events of the window it shows, and again
     each time the reader moves or zooms. */
  var loading = {};

  function loadScript(src) {
    if (!loading[src]) {
      loading[src] = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = src;
        script.onload = resolve;
        script.onerror = function () {
          reject(new Error("could not load " + src));
        };
        document.head.appendChild(script);
      });
    }
    return loading[src];
  }

  function loadStylesheet(href) {
    if (!document.querySelector('link[rel="stylesheet"][href="' + href + '"]')) {
      var link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
    }
  }

  function loadVis(chart) {
    loadStylesheet(chart.dataset.stylesheet);
    // In order: vis-timeline needs moment and vis-data.
    return chart.dataset.scripts.split(" ").reduce(function (previous, src) {
      return previous.then(function () {
        return loadScript(src);
      });
    }, Promise.resolve()).then(function () {
      return window.vis;
    });
  }

  function isoDay(date) {
    var shifted = new Date(date.getTime() - date.getTimezoneOffset() * 60000);
    return shifted.toISOString().slice(0, 10);
  }

  // Each item is a link to its event, built from text: titles are never parsed as HTML.
  function itemElement(item) {
    if (!item || !item.url) {
      return "";
    }
    var link = document.createElement("a");
    link.className = "chart-item";
    link.href = item.url;
    var date = document.createElement("span");
    date.className = "chart-item-date";
    date.textContent = item.date;
    link.appendChild(date);
    link.appendChild(document.createTextNode(" " + item.title));
    return link;
  }

  function laneElement(lane) {
    var name = document.createElement("span");
    name.textContent = lane ? lane.content : "";
    return name;
  }

  function describe(data) {
    var events = {};
    data.items.forEach(function (item) {
      events[item.id.split("-")[0]] = true;
    });
    var count = Object.keys(events).length;
    if (!count) {
      return "No events in this period: move or zoom out to find some.";
    }
    if (data.truncated) {
      return "This period holds more than " + data.limit + " events; the chart shows the first " +
        data.limit + ". Zoom in to see every one.";
    }
    return count + (count === 1 ? " event" : " events") + " in this period.";
  }

  function drawChart(chart, vis) {
    var status = chart.querySelector(".chart-status");
    var items = new vis.DataSet();
    var lanes = new vis.DataSet();
    var first = new Date(chart.dataset.start);
    var last = new Date(chart.dataset.end);
    // Margins, so that no event sits on an edge: a wide one on the right, where the title of
    // the last event runs past its date.
    var day = 1000 * 60 * 60 * 24;
    var start = new Date(first.getTime() - Math.max((last - first) * 0.04, 15 * day));
    var end = new Date(last.getTime() + Math.max((last - first) * 0.3, 90 * day));
    var timeline = new vis.Timeline(chart.querySelector(".chart-canvas"), items, lanes, {
      start: start,
      end: end,
      zoomKey: "ctrlKey",
      orientation: "top",
      stack: true,
      maxHeight: 640,
      minHeight: 200,
      showCurrentTime: false,
      selectable: false,
      groupOrder: "order",
      template: itemElement,
      groupTemplate: laneElement,
      margin: { item: { horizontal: 4, vertical: 6 } },
      zoomMin: 1000 * 60 * 60 * 24 * 7,
    });
    var controller = null;
    var timer = null;

    function fetchWindow() {
      var range = timeline.getWindow();
      var url = new URL(chart.dataset.src, window.location.href);
      url.searchParams.set("start", isoDay(range.start));
      url.searchParams.set("end", isoDay(range.end));
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      chart.setAttribute("aria-busy", "true");
      fetch(url, { signal: controller.signal, headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.json().then(function (data) {
            if (!response.ok) {
              throw new Error(data.error || response.statusText);
            }
            return data;
          });
        })
        .then(function (data) {
          // Only the lanes with events in the window: an empty "Other actors" says nothing.
          var used = {};
          data.items.forEach(function (item) {
            used[item.group] = true;
          });
          lanes.remove(lanes.getIds().filter(function (id) {
            return !used[id];
          }));
          lanes.update(data.lanes.filter(function (lane) {
            return used[lane.id];
          }).map(function (lane) {
            return { id: lane.id, content: lane.content, order: data.lanes.indexOf(lane) };
          }));
          var ids = data.items.map(function (item) {
            return item.id;
          });
          items.remove(items.getIds().filter(function (id) {
            return ids.indexOf(id) < 0;
          }));
          items.update(data.items);
          status.textContent = describe(data);
          chart.removeAttribute("aria-busy");
        })
        .catch(function (error) {
          if (error.name !== "AbortError") {
            status.textContent = "The chart could not load its events (" + error.message + ").";
            chart.removeAttribute("aria-busy");
          }
        });
    }

    timeline.on("rangechanged", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchWindow, 150);
    });
    chart.querySelectorAll("[data-zoom]").forEach(function (button) {
      button.addEventListener("click", function () {
        var zoom = button.dataset.zoom;
        if (zoom === "in") {
          timeline.zoomIn(0.5);
        } else if (zoom === "out") {
          timeline.zoomOut(0.5);
        } else {
          timeline.setWindow(start, end);
        }
      });
    });
    fetchWindow();
  }

  function showChart(chart) {
    if (chart.dataset.drawn) {
      return;
    }
    chart.dataset.drawn = "true";
    chart.hidden = false;
    loadVis(chart)
      .then(function (vis) {
        drawChart(chart, vis);
      })
      .catch(function (error) {
        chart.querySelector(".chart-status").textContent =
          "The chart could not be drawn (" + error.message + "); the list view shows the same events.";
      });
  }

  // htmx:load fires for the first page and for every piece of page htmx puts in later.
  document.addEventListener("htmx:load", function (event) {
    openPanelWhenWide();
    var root = event.target;
    var charts = root.querySelectorAll ? root.querySelectorAll("#chart") : [];
    if (root.id === "chart") {
      charts = [root];
    }
    Array.prototype.forEach.call(charts, showChart);
  });
})();
