/*
 * The directory's maps: every open group on the map page, and a small map on each group page.
 *
 * The markup and the Leaflet map skeletons are written at build time (peerdir/render/
 * map_page.py, map_embed.py and folium_maps.py, with Folium). This script loads Leaflet
 * and its stylesheets from the site itself, adds the groups from map/groups.json (layout
 * in map_data.py) and runs the filters, the place box, "Near me" and the list view.
 * The place box finds any UK postcode in the browser, from the centres of the postcode
 * districts the site publishes (map/postcode-districts.json, peerdir/postcode_districts.py):
 * what someone types is never sent anywhere.
 *
 * Group text comes from editors' pull requests, so it is only ever set as text
 * (textContent, or a DOM property such as title), never as HTML.
 */
(function () {
  "use strict";

  const shared = window.peerdirMaps || (window.peerdirMaps = { scripts: new Map(), maps: [] });
  const DAY_NAMES = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
  const WEEK_NAMES = ["First", "Second", "Third", "Fourth", "Last"];
  const FILTERED_FACETS = ["support_types", "audiences", "topics", "formats", "languages", "access_needs"];
  const NEAREST = 10;
  const FULL_POSTCODE = /^[A-Z]{1,2}\d[A-Z\d]?\d[A-Z]{2}$/;
  const OUTWARD_CODE = /^[A-Z]{1,2}\d[A-Z\d]?$/;
  const SECTOR = /^[A-Z]{1,2}\d[A-Z\d]?\d$/;
  // A group's page is its folder; opened from disk (file://), with no server to answer a folder with its
  // page, the link names the page itself, as the preview's other links do (peerdir/file_preview.py).
  const PAGE_IN_FOLDER = window.location.protocol === "file:" ? "/index.html" : "/";

  // ------------------------------------------------------------------ starting

  function start() {
    document.querySelectorAll("[data-map]:not([data-map-started])").forEach(function (element) {
      element.setAttribute("data-map-started", "");
      const libraries = Promise.all(urlsOf(element.dataset.mapScripts).map(loadScript)
        .concat(urlsOf(element.dataset.mapStyles || "").map(loadStyle)));
      const run = element.dataset.map === "directory" ? startDirectoryMap : startGroupMap;
      run(element, libraries).catch(function (error) {
        element.classList.add("is-broken");
        const status = element.querySelector("[data-status]");
        if (status) status.textContent = "Sorry, the map could not be shown. All groups from A to Z are linked below.";
        console.error("peerdir map:", error);
      });
    });
  }

  function urlsOf(list) {
    return list.split(" ").filter(Boolean).map(function (url) { return new URL(url, document.baseURI).href; });
  }

  /* The libraries' stylesheets: the map is made once they have arrived, so it never shows unstyled. */
  function loadStyle(url) {
    return new Promise(function (resolve, reject) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = url;
      link.onload = function () { resolve(); };
      link.onerror = function () { reject(new Error("could not load " + url)); };
      document.head.appendChild(link);
    });
  }

  /* Scripts are added all at once, to download in parallel, but run in the order given. */
  function loadScript(url) {
    if (!shared.scripts.has(url)) {
      shared.scripts.set(url, new Promise(function (resolve, reject) {
        const script = document.createElement("script");
        script.src = url;
        script.async = false;
        script.onload = function () { resolve(); };
        script.onerror = function () {
          shared.scripts.delete(url);
          reject(new Error("could not load " + url));
        };
        document.head.appendChild(script);
      }));
    }
    return shared.scripts.get(url);
  }

  function pinIcon() {
    return L.divIcon({ className: "map-pin", html: "", iconSize: [28, 28], iconAnchor: [14, 28], popupAnchor: [0, -26] });
  }

  function areaIcon() {
    return L.divIcon({ className: "map-pin map-pin--area", html: "", iconSize: [34, 34], iconAnchor: [17, 17], popupAnchor: [0, -14] });
  }

  // ------------------------------------------------------------------ the small map on a group page

  async function startGroupMap(element, libraries) {
    await libraries;
    const made = window.peerdirMapSetups.group();
    const map = made.map;
    const place = [Number(element.dataset.lat), Number(element.dataset.lon)];
    map.setView(place, Number(element.dataset.zoom));
    if (element.dataset.radius) {
      // A home: only a circle around the area, never a pin at the door.
      L.circle(place, { radius: Number(element.dataset.radius), className: "map-area", interactive: false }).addTo(map);
    } else {
      L.marker(place, { icon: pinIcon(), interactive: false, keyboard: false }).addTo(map);
    }
    // A small map in the middle of a page: on a phone, a finger scrolls the page, not the map.
    if (L.Browser.mobile) map.dragging.disable();
    made.tiles.addTo(map);
    shared.maps.push(map);
    element.dataset.ready = "true";
  }

  // ------------------------------------------------------------------ the map page

  async function startDirectoryMap(element, libraries) {
    const loaded = await Promise.all([mapJson(element, "groups", element.dataset.mapData), libraries]);
    const made = window.peerdirMapSetups.directory();
    shared.maps.push(made.map);
    await breather();
    const directoryMap = new DirectoryMap(element, loaded[0], made);
    await breather();
    await directoryMap.start();
  }

  /* One of the map's data files (`kind`: "groups", map/groups.json; "places", map/places.json; "postcodes",
     map/postcode-districts.json); or, in
     a preview opened from its folder (file://), where a browser refuses to fetch, the same data written
     into the page (`build.py build --file-preview`). */
  function mapJson(element, kind, address) {
    const block = element.querySelector("script[data-map-json='" + kind + "']");
    if (block) return Promise.resolve(JSON.parse(block.textContent));
    const url = new URL(address, document.baseURI).href;
    return fetch(url).then(function (response) {
      if (!response.ok) throw new Error("could not load " + url + ": " + response.status);
      return response.json();
    });
  }

  /* Lets the browser draw and answer a tap between two pieces of work: with thousands of groups,
     one long task would leave a phone unresponsive for a moment. */
  function breather() {
    return new Promise(function (resolve) { setTimeout(resolve, 0); });
  }

  function DirectoryMap(element, data, made) {
    this.element = element;
    this.data = data;
    this.map = made.map;
    this.tiles = made.tiles;
    this.cluster = made.cluster;
    this.groups = data.groups.map(readGroup, data);
    this.located = this.groups.filter(function (group) { return group.lat !== undefined; });
    this.today = londonToday();
    this.origin = null;      // {at: [lat, lon], label} after "Near me" or a place search
    this.originLayer = null;
    this.view = "map";
    this.selects = Array.from(element.querySelectorAll("select[data-facet]"));
    this.status = element.querySelector("[data-status]");
    this.placeMessage = element.querySelector("[data-place-message]");
    this.icons = { pin: pinIcon(), area: areaIcon() };
    // Narrow enough to fit a phone's map beside the zoom buttons, with its close button in sight.
    const width = Math.max(180, Math.min(300, this.map.getSize().x - 110));
    this.popupOptions = { maxWidth: width, minWidth: Math.min(200, width),
      autoPanPaddingTopLeft: [52, 16], autoPanPaddingBottomRight: [12, 16] };
  }

  /* One record of map/groups.json as an object (see map_data.py for the layout). */
  function readGroup(record) {
    const place = record[9];
    return {
      id: record[0], name: record[1], summary: record[2],
      facets: { support_types: record[3], audiences: record[4], topics: record[5], formats: record[6],
        languages: record[7], access_needs: record[8] },
      area: Math.floor(place / 16),
      approximate: (place & 1) === 1,
      closedForNow: (place & 2) === 2,
      outOfDate: (place & 4) === 4,
      listedLast: (place & 8) === 8,
      meetings: record[10] ? record[10].split(" ").map(readMeeting) : [],
      lat: record[11] === undefined ? undefined : record[11] / 10000,
      lon: record[12] === undefined ? undefined : record[12] / 10000,
      url: this.groupUrl + encodeURIComponent(record[0]) + PAGE_IN_FOLDER,
      venue: "", postcode: "", postcodeCompact: "", outward: "",  // from map/places.json, when needed
      marker: null,
    };
  }

  function readMeeting(code) {
    const parts = /^(\d)([wfm])(\d*)@(\d\d)(\d\d)(?:-(\d\d)(\d\d))?$/.exec(code);
    if (!parts) throw new Error("unreadable meeting " + code);
    return {
      day: Number(parts[1]), frequency: parts[2], extra: parts[3] === "" ? null : Number(parts[3]),
      start: parts[4] + ":" + parts[5], end: parts[6] ? parts[6] + ":" + parts[7] : null,
    };
  }

  /* Today's date in the UK, whatever time zone the visitor's device is set to. */
  function londonToday() {
    const parts = {};
    new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", year: "numeric", month: "numeric", day: "numeric" })
      .formatToParts(new Date()).forEach(function (part) { parts[part.type] = Number(part.value); });
    return dayInfo(parts.year, parts.month, parts.day);
  }

  /* What the schedule rules need to know about a date (month 1 to 12). */
  function dayInfo(year, month, day) {
    const utc = Date.UTC(year, month - 1, day);
    return {
      iso: new Date(utc).toISOString().slice(0, 10),
      epochDay: Math.round(utc / 86400000),
      weekday: (new Date(utc).getUTCDay() + 6) % 7,
      day: day,
      daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
    };
  }

  /* The same rules as peerdir/render/parts/recurrence.py: does this meeting fall on `today`? */
  function meetsOn(meeting, today) {
    if (meeting.day !== today.weekday) return false;
    if (meeting.frequency === "f" && meeting.extra !== null) {
      // Weeks from Monday 5 January 1970, day 4 after 1970-01-01; the meeting keeps to one parity.
      return Math.floor((today.epochDay - 4) / 7) % 2 === meeting.extra;
    }
    if (meeting.frequency === "m" && meeting.extra !== null) {
      return meeting.extra === 5 ? today.day + 7 > today.daysInMonth : Math.ceil(today.day / 7) === meeting.extra;
    }
    return true;
  }

  /* The same words as peerdir/render/parts/schedule.py: "Every Wednesday, 10:30 to 12:00". */
  function meetingInWords(meeting) {
    const day = DAY_NAMES[meeting.day];
    let when = "Every " + day;
    if (meeting.frequency === "m") when = WEEK_NAMES[(meeting.extra || 1) - 1] + " " + day + " of the month";
    if (meeting.frequency === "f") when = "Every other " + day;
    return when + ", " + (meeting.end ? meeting.start + " to " + meeting.end : "from " + meeting.start);
  }

  function hasTerm(value, index) {
    return Array.isArray(value) ? value.indexOf(index) !== -1 : Math.floor(value / Math.pow(2, index)) % 2 === 1;
  }

  function tag(name, className, text) {
    const made = document.createElement(name);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  DirectoryMap.prototype.start = async function () {
    const self = this;
    this.readUrl();
    this.cluster.options.iconCreateFunction = clusterIcon;
    // The cluster layer needs the map's deepest zoom, which the tiles (added last) would give.
    this.map.setMaxZoom(this.tiles.options.maxZoom);
    this.located.forEach(function (group) { group.marker = self.makeMarker(group); });
    await breather();
    this.cluster.addTo(this.map);
    this.update({ fit: true });
    await breather();
    this.tiles.addTo(this.map);
    this.wireControls();
    if (this.view === "list") this.showView("list");
    // Ready once every marker is in and the browser has drawn it all and can take a click.
    const element = this.element;
    this.whenClustered(function () {
      requestAnimationFrame(function () {
        setTimeout(function () {
          element.dataset.ready = "true";
          if (window.performance && performance.mark) performance.mark("peerdir-map-ready");
        });
      });
    });
  };

  /* The cluster layer takes thousands of markers in slices (chunkedLoading, set in folium_maps.py),
     so that a phone stays responsive while it groups them; `then` runs once the last slice is in. */
  DirectoryMap.prototype.whenClustered = function (then) {
    if (this.clustering) this.clustering.push(then);
    else then();
  };

  DirectoryMap.prototype.addToCluster = function (markers) {
    const self = this;
    this.clustering = [];
    this.cluster.options.chunkProgress = function (done, total) {
      if (done < total) return;
      const waiting = self.clustering;
      self.clustering = null;
      waiting.forEach(function (then) { then(); });
    };
    this.cluster.addLayers(markers);
  };

  /* A cluster says how many groups it holds, and can be reached and opened with the keyboard. */
  function clusterIcon(cluster) {
    const count = Number(cluster.getChildCount());  // a number, never data: safe as HTML
    const size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    cluster.options.title = count + " groups here: press Enter to zoom in";
    return L.divIcon({ html: "<div><span>" + count + "</span></div>", className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40) });
  }

  DirectoryMap.prototype.makeMarker = function (group) {
    const self = this;
    const marker = L.marker([group.lat, group.lon], {
      icon: group.approximate ? this.icons.area : this.icons.pin,
      title: group.name + (group.approximate ? " (meets in a home: area only)" : ""),
      alt: group.name,
      riseOnHover: true,
    });
    marker.bindPopup(function () { return self.popup(group); }, this.popupOptions);
    let area = null;
    marker.on("popupopen", function (event) {
      if (group.approximate) {
        area = L.circle(marker.getLatLng(), { radius: self.data.approximateRadius, className: "map-area", interactive: false });
        area.addTo(self.map);
      }
      // Opened from the keyboard: move into the popup, so Tab reaches its link.
      if (marker.getElement() && document.activeElement === marker.getElement()) {
        const link = event.popup.getElement().querySelector("a.map-popup__link");
        if (link) link.focus({ preventScroll: true });
      }
    });
    marker.on("popupclose", function (event) {
      if (area) { area.remove(); area = null; }
      const popup = event.popup.getElement();
      if (popup && popup.contains(document.activeElement) && marker.getElement()) {
        marker.getElement().focus({ preventScroll: true });
      }
    });
    return marker;
  };

  DirectoryMap.prototype.popup = function (group) {
    const box = tag("div", "map-popup");
    box.appendChild(tag("p", "map-popup__name", group.name));
    if (group.closedForNow) box.appendChild(tag("p", "map-popup__status", "Temporarily closed"));
    if (group.outOfDate) box.appendChild(tag("p", "map-popup__status", this.data.words.outOfDate));
    box.appendChild(tag("p", "map-popup__summary", group.summary));
    box.appendChild(tag("p", "map-popup__how", this.howItMeets(group)));
    group.meetings.forEach(function (meeting) { box.appendChild(tag("p", "map-popup__when", meetingInWords(meeting))); });
    box.appendChild(tag("p", "map-popup__where", this.where(group)));
    const distance = this.distanceText(group);
    if (distance) box.appendChild(tag("p", "map-popup__distance", distance));
    const link = tag("a", "map-popup__link", "Details and how to get in touch");
    link.href = group.url;
    box.appendChild(link);
    return box;
  };

  DirectoryMap.prototype.howItMeets = function (group) {
    const names = this.data.names.formats;
    return names.filter(function (name, index) { return hasTerm(group.facets.formats, index); }).join(", ");
  };

  DirectoryMap.prototype.where = function (group, short) {
    const area = this.data.names.areas[group.area];
    if (group.lat === undefined) return area;
    if (group.approximate) {
      return short ? "A home in the " + area + " area"
        : "Meets in a home in the " + area + " area; the group shares the address when you get in touch.";
    }
    return [group.venue, group.postcode].filter(Boolean).join(", ") || area;
  };

  // ------------------------------------------------------------------ filters and the URL

  DirectoryMap.prototype.readUrl = function () {
    const params = new URLSearchParams(window.location.search);
    this.selects.forEach(function (select) {
      const wanted = params.get(select.name);
      if (wanted && Array.from(select.options).some(function (option) { return option.value === wanted; })) {
        select.value = wanted;
      }
    });
    if (params.get("view") === "list") this.view = "list";
  };

  DirectoryMap.prototype.writeUrl = function () {
    const url = new URL(window.location.href);
    this.selects.forEach(function (select) {
      if (select.value) url.searchParams.set(select.name, select.value);
      else url.searchParams.delete(select.name);
    });
    if (this.view === "list") url.searchParams.set("view", "list");
    else url.searchParams.delete("view");
    if (url.href !== window.location.href) history.replaceState(history.state, "", url.href);
  };

  /* The chosen filters: the index of the chosen term per facet, and the day ("", "today" or 0 to 6). */
  DirectoryMap.prototype.chosen = function () {
    const data = this.data;
    const chosen = { terms: {}, day: "" };
    this.selects.forEach(function (select) {
      const facet = select.dataset.facet;
      if (facet === "days") {
        chosen.day = select.value === "" || select.value === "today" ? select.value
          : DAY_NAMES.map(function (d) { return d.toLowerCase(); }).indexOf(select.value);
      } else if (data.facets[facet].indexOf(select.value) !== -1) {
        chosen.terms[facet] = data.facets[facet].indexOf(select.value);
      }
    });
    return chosen;
  };

  DirectoryMap.prototype.matches = function (group, chosen) {
    for (const facet of FILTERED_FACETS) {
      const index = chosen.terms[facet];
      if (index !== undefined && !hasTerm(group.facets[facet], index)) return false;
    }
    if (chosen.day === "today") {
      const today = this.today;
      return group.meetings.some(function (meeting) { return meetsOn(meeting, today); });
    }
    if (chosen.day !== "") {
      return group.meetings.some(function (meeting) { return meeting.day === chosen.day; });
    }
    return true;
  };

  DirectoryMap.prototype.update = function (options) {
    const self = this;
    if (this.clustering) {
      // The slices still to come belong to the filters before: once they are in, start again
      // with the filters as they are then (fitting the view if any change on the way asked to).
      const first = !this.waitingUpdate;
      this.waitingUpdate = { fit: Boolean((this.waitingUpdate && this.waitingUpdate.fit) || (options && options.fit)) };
      if (first) {
        this.whenClustered(function () {
          const waiting = self.waitingUpdate;
          self.waitingUpdate = null;
          self.update(waiting);
        });
      }
      return;
    }
    const chosen = this.chosen();
    const matching = this.groups.filter(function (group) { return self.matches(group, chosen); });
    this.matching = matching;
    const onMap = matching.filter(function (group) { return group.marker; });
    const remote = matching.filter(function (group) { return !group.marker; });
    this.map.closePopup();
    this.cluster.clearLayers();
    this.fillList("remote", remote);
    this.remoteCount = remote.length;
    this.fillNearest();
    this.showAside();  // before fitting: the map is wider when nothing is beside it
    // The view first: the cluster layer then groups the markers for the zoom they will be seen at.
    if (options && options.fit) this.fitTo(onMap);
    this.addToCluster(onMap.map(function (group) { return group.marker; }));
    if (this.view === "list") this.fillList("all", this.sortedForList(matching));
    else this.listIsStale = true;
    this.element.dataset.markers = String(onMap.length);
    this.element.dataset.remote = String(remote.length);
    this.element.dataset.matching = String(matching.length);
    this.showStatus(matching.length, onMap.length, remote.length, chosen);
    this.writeUrl();
  };

  DirectoryMap.prototype.fitTo = function (groups, maxZoom) {
    if (!groups.length) return;
    const bounds = L.latLngBounds(groups.map(function (group) { return [group.lat, group.lon]; }));
    this.map.fitBounds(bounds.pad(0.05), { maxZoom: maxZoom || 14, padding: [16, 16], animate: false });
  };

  DirectoryMap.prototype.filtersInUse = function (chosen) {
    return Object.keys(chosen.terms).length + (chosen.day === "" ? 0 : 1);
  };

  DirectoryMap.prototype.showStatus = function (matching, onMap, remote, chosen) {
    const filters = this.filtersInUse(chosen);
    const total = this.groups.length;
    const groups = function (n) { return n + (n === 1 ? " group" : " groups"); };
    let text;
    if (total === 0) text = "There are no groups in the directory yet.";
    else if (matching === 0) text = "No groups match these filters. Try fewer filters.";
    else {
      // Only the kinds there are: "8 on the map", not "8 on the map, 0 you can join from anywhere".
      const kinds = [onMap ? onMap + " on the map" : "", remote ? remote + " you can join from anywhere" : ""];
      text = (filters ? matching + " of " + groups(total) + " match: " : groups(total) + ": ")
        + kinds.filter(Boolean).join(", ") + ".";
    }
    this.status.textContent = text;
    const clear = this.element.querySelector("[data-clear-filters]");
    if (clear) clear.hidden = filters === 0;
    const toggle = this.element.querySelector("[data-filters-toggle]");
    if (toggle) toggle.textContent = filters ? "Filters (" + filters + ")" : "Filters";
    this.showChips();
  };

  /* The filters in use, each a button that removes it in one tap: on a phone the choices
     themselves are folded away behind "Filters (1)". */
  DirectoryMap.prototype.showChips = function () {
    const self = this;
    const list = this.element.querySelector("[data-active-filters]");
    if (!list) return;
    const chips = document.createDocumentFragment();
    this.selects.filter(function (select) { return select.value; }).forEach(function (select) {
      const name = select.options[select.selectedIndex].text;
      const chip = tag("button", "map-chip md-button");
      chip.type = "button";
      chip.setAttribute("aria-label", "Remove filter: " + name);
      chip.appendChild(tag("span", "", name));
      chip.appendChild(tag("span", "map-chip__cross", "\u00d7")).setAttribute("aria-hidden", "true");
      chip.addEventListener("click", function () { self.removeFilter(select); });
      const item = tag("li");
      item.appendChild(chip);
      chips.appendChild(item);
    });
    list.replaceChildren(chips);
    list.hidden = !list.children.length;
  };

  DirectoryMap.prototype.removeFilter = function (select) {
    const next = this.selects.slice(this.selects.indexOf(select) + 1).find(function (s) { return s.value; });
    select.value = "";
    this.update({ fit: !this.origin });
    // The button pressed has gone: the keyboard goes on to the next filter in use, or to "Filters".
    const chips = Array.from(this.element.querySelectorAll("[data-active-filters] button"));
    const index = next ? this.selects.filter(function (s) { return s.value; }).indexOf(next) : -1;
    const target = chips[index] || chips[chips.length - 1] || this.element.querySelector("[data-filters-toggle]");
    if (target && target.offsetParent !== null) target.focus({ preventScroll: true });
  };

  /* "Online, by phone and national" only over groups: not when the filters leave none. Beside
     the map only when it has something to show; otherwise the map takes the whole width. */
  DirectoryMap.prototype.showAside = function () {
    const remote = this.element.querySelector("[data-remote]");
    remote.hidden = this.view === "list" || !this.remoteCount;
    const nearest = this.element.querySelector("[data-nearest]");
    const empty = remote.hidden && nearest.hidden;
    if (empty !== this.element.classList.contains("is-aside-empty")) {
      this.element.classList.toggle("is-aside-empty", empty);
      this.map.invalidateSize();
    }
  };

  // ------------------------------------------------------------------ lists

  DirectoryMap.prototype.sortedForList = function (groups) {
    if (!this.origin) return groups;  // already by name
    const self = this;
    const located = groups.filter(function (group) { return group.marker; });
    const remote = groups.filter(function (group) { return !group.marker; });
    located.sort(function (a, b) { return self.byDistance(a, b); });
    return located.concat(remote);
  };

  DirectoryMap.prototype.fillList = function (name, groups) {
    const list = this.element.querySelector('[data-list="' + name + '"]');
    const items = document.createDocumentFragment();
    const self = this;
    groups.forEach(function (group) { items.appendChild(self.listItem(group, name)); });
    list.replaceChildren(items);
  };

  DirectoryMap.prototype.listItem = function (group, listName) {
    const self = this;
    const item = tag("li", "map-group");
    const link = tag("a", "map-group__name", group.name);
    link.href = group.url;
    item.appendChild(link);
    if (group.closedForNow) item.appendChild(tag("span", "map-group__status", " (temporarily closed)"));
    item.appendChild(tag("p", "map-group__summary", group.summary));
    if (group.outOfDate) item.appendChild(tag("p", "map-group__status", this.data.words.outOfDate));
    const details = [this.howItMeets(group), this.where(group, true)];
    if (group.meetings.length) details.push(meetingInWords(group.meetings[0]) + (group.meetings.length > 1 ? " and more" : ""));
    const distance = this.distanceText(group);
    if (distance) details.push(distance);
    item.appendChild(tag("p", "map-group__details", details.join(" · ")));
    if (group.marker && listName !== "remote") {
      const show = tag("button", "map-group__show", "Show on the map");
      show.type = "button";
      show.addEventListener("click", function () { self.showOnMap(group); });
      item.appendChild(show);
    }
    return item;
  };

  DirectoryMap.prototype.showOnMap = function (group) {
    const marker = group.marker;
    if (this.view !== "map") this.showView("map");
    this.map.getContainer().scrollIntoView({ block: "nearest" });
    this.cluster.zoomToShowLayer(marker, function () {
      marker.openPopup();
      const link = marker.getPopup().getElement().querySelector("a.map-popup__link");
      if (link) link.focus({ preventScroll: true });
    });
  };

  // ------------------------------------------------------------------ near me and places

  DirectoryMap.prototype.distance = function (group) {
    return milesBetween(this.origin.at, [group.lat, group.lon]);
  };

  /* Nearest first, but every group that is meeting before any that is temporarily closed, however
     near: someone looking for help tonight should not have to read past a group they cannot join. */
  DirectoryMap.prototype.byDistance = function (a, b) {
    return (a.closedForNow - b.closedForNow) || (this.distance(a) - this.distance(b));
  };

  DirectoryMap.prototype.distanceText = function (group) {
    if (!this.origin || group.lat === undefined) return "";
    const miles = this.distance(group);
    if (this.origin.approximate) {
      // From the middle of a postcode district, which is a mile or two across: whole miles at best.
      return miles < 1 ? "Under a mile away (roughly)" : "About " + Math.round(miles) + (Math.round(miles) === 1 ? " mile" : " miles") + " away";
    }
    const amount = miles < 0.1 ? "Under 0.1 miles" : (miles < 10 ? miles.toFixed(1) : Math.round(miles)) + " miles";
    return amount + (group.approximate ? " away (roughly)" : " away");
  };

  function milesBetween(a, b) {
    const radians = Math.PI / 180;
    const dLat = (b[0] - a[0]) * radians;
    const dLon = (b[1] - a[1]) * radians;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[0] * radians) * Math.cos(b[0] * radians) * Math.sin(dLon / 2) ** 2;
    return 2 * 3958.8 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  DirectoryMap.prototype.fillNearest = function () {
    const section = this.element.querySelector("[data-nearest]");
    if (!this.origin) { section.hidden = true; return; }
    const self = this;
    // Groups that are meeting first; then groups not checked for a long while after the others,
    // when the site says so (listedLast).
    const nearest = this.matching.filter(function (group) { return group.marker; })
      .sort(function (a, b) {
        return (a.closedForNow - b.closedForNow) || (a.listedLast - b.listedLast) || (self.distance(a) - self.distance(b));
      })
      .slice(0, NEAREST);
    section.querySelector("h2").textContent = "Nearest to " + this.origin.label;
    this.fillList("nearest", nearest);
    if (!nearest.length) {
      section.querySelector("ol").appendChild(tag("li", "map-group", "No groups on the map match these filters."));
    }
    section.hidden = false;
  };

  DirectoryMap.prototype.setOrigin = function (at, label, around, approximate) {
    this.origin = { at: at, label: label, approximate: Boolean(approximate) };
    if (this.originLayer) this.originLayer.remove();
    this.originLayer = L.circleMarker(at, { radius: 8, className: "map-origin", interactive: false }).addTo(this.map);
    const self = this;
    const nearby = this.matching.filter(function (group) { return group.marker; })
      .sort(function (a, b) { return self.byDistance(a, b); }).slice(0, 3);
    const points = (around || []).concat(nearby).map(function (group) { return [group.lat, group.lon]; });
    points.push(at);
    if (this.view !== "map") this.showView("map");
    this.map.fitBounds(L.latLngBounds(points).pad(0.1), { maxZoom: 15, padding: [16, 16] });
    this.update();
  };

  /* After a search that found nothing: no "Nearest to" an earlier place under the message. */
  DirectoryMap.prototype.clearOrigin = function () {
    if (!this.origin) return;
    this.origin = null;
    if (this.originLayer) { this.originLayer.remove(); this.originLayer = null; }
    this.update();
  };

  /* The centres of the UK's postcode districts, fetched the first time someone uses the place box:
     one file, the same whatever is typed, so not even this site learns which postcode it was. */
  DirectoryMap.prototype.loadDistricts = function () {
    const self = this;
    if (!this.districts) {
      this.districts = mapJson(this.element, "postcodes", this.element.dataset.mapPostcodes).then(function (table) {
        if (table.version !== 1) throw new Error("postcode districts in an unknown layout");
        self.districtTable = table.districts;
      });
      this.districts.catch(function () { self.districts = null; });  // try again next time
    }
    return this.districts;
  };

  /* A postcode district's centre and the place nearest it, or null when it is not in the table. */
  DirectoryMap.prototype.district = function (outward) {
    const table = this.districtTable;
    const entry = table && Object.prototype.hasOwnProperty.call(table, outward) ? table[outward] : null;
    return entry ? { at: [entry[0], entry[1]], place: entry[2] } : null;
  };

  /* The venues and postcodes, fetched (or read from the page) the first time someone uses the place box. */
  DirectoryMap.prototype.loadPlaces = function () {
    const self = this;
    if (!this.places) {
      const groupsVersion = new URL(this.element.dataset.mapData, document.baseURI).searchParams.get("v");
      this.places = mapJson(this.element, "places", this.element.dataset.mapPlaces).then(function (index) {
        if (index.groups !== groupsVersion) throw new Error("the places are for another version of the groups");
        index.places.forEach(function (entry) {
          const group = self.groups[entry[0]];
          group.venue = entry[1];
          group.postcode = entry[2];
          group.postcodeCompact = entry[2].replace(/\s+/g, "");
          group.outward = entry[2].split(" ")[0];
        });
      });
      this.places.catch(function () { self.places = null; });  // try again next time
    }
    return this.places;
  };

  /* A postcode, a sector ("W14 0"), an outward code ("W14"), an area or a venue. A postcode first
     matches the groups that give it; any other is placed at the centre of its postcode district.
     The answer is {label, at, groups, approximate, note}, or {problem} when it cannot be placed. */
  DirectoryMap.prototype.findPlace = function (text) {
    const query = text.trim();
    const compact = query.toUpperCase().replace(/\s+/g, "");
    const located = this.located;
    const within = function (test) { return located.filter(test); };
    if (FULL_POSTCODE.test(compact)) {
      const postcode = compact.slice(0, -3) + " " + compact.slice(-3);
      const exact = within(function (group) { return group.postcodeCompact === compact; });
      if (exact.length) return { label: exact[0].postcode, groups: exact };
      return this.inDistrict(postcode, compact.slice(0, -3));
    }
    if (SECTOR.test(compact) && !(OUTWARD_CODE.test(compact) && this.isDistrict(compact, query))) {
      const sector = compact.slice(0, -1) + " " + compact.slice(-1);
      const inSector = within(function (group) { return group.postcodeCompact.slice(0, -2) === compact; });
      if (inSector.length) return { label: sector, groups: inSector };
      return this.inDistrict(sector, compact.slice(0, -1));
    }
    if (OUTWARD_CODE.test(compact)) return this.inDistrict(compact, compact);
    const lower = query.toLowerCase();
    if (lower.length >= 3) {
      const areaNames = this.data.names.areas;
      const areaMatches = within(function (group) { return areaNames[group.area].toLowerCase().indexOf(lower) !== -1; });
      if (areaMatches.length) return { label: areaNames[areaMatches[0].area], groups: areaMatches };
      const venueMatches = within(function (group) { return group.venue.toLowerCase().indexOf(lower) !== -1; });
      if (venueMatches.length) return { label: venueMatches.length === 1 ? venueMatches[0].venue : query, groups: venueMatches };
    }
    if (/\d/.test(query)) {
      return { problem: "\u201c" + query + "\u201d is not a UK postcode. Write it like SE1 7PB, or just its first part, like SE1." };
    }
    return { problem: "We could not find \u201c" + query + "\u201d among the areas and venues in our directory. "
      + "Try a postcode (like SE1 7PB), the first part of one (like SE1), an area such as Camden, or press Near me." };
  };

  /* "W14" is the district W14 and "W1 4" a sector of W1; "SW61", with no district of that name,
     is the sector SW6 1. */
  DirectoryMap.prototype.isDistrict = function (compact, typed) {
    if (/\s\d$/.test(typed.trim())) return false;
    return Boolean(this.district(compact)) || this.located.some(function (group) { return group.outward === compact; })
      || !this.district(compact.slice(0, -1));
  };

  /* A postcode, sector or outward code placed at the centre of its district; failing that (a district
     newer than the table, or the table not loaded), among our own groups in that district. */
  DirectoryMap.prototype.inDistrict = function (shown, outward) {
    const district = this.district(outward);
    if (!district) {
      const ours = this.located.filter(function (group) { return group.outward === outward; });
      if (ours.length) return { label: shown, groups: ours, note: "This is the middle of our groups in " + outward + "." };
    }
    if (!this.districtTable) {
      return { problem: "Postcodes could not be loaded just now. Try again, or type an area such as Camden." };
    }
    if (!district) {
      return { problem: shown === outward
        ? "We do not know where the postcode district " + outward + " is, so we cannot tell which groups are near it. "
          + "Check it, or try a nearby postcode or an area such as Camden."
        : "We do not know where the postcode district " + outward + " is, so we cannot tell which groups are near "
          + shown + ". Check it, or try a nearby postcode or an area such as Camden." };
    }
    return {
      label: shown + (district.place ? " (around " + district.place + ")" : " (postcode district " + outward + ")"),
      at: district.at, groups: [], approximate: true,
      note: "Distances are measured from the middle of the " + outward + " postcode district, so they are approximate.",
    };
  };

  DirectoryMap.prototype.searchPlace = function (text) {
    const self = this;
    if (!text.trim()) return;
    const places = this.loadPlaces().catch(function (error) {
      console.warn("peerdir map:", error);
      return "Venues could not be loaded just now; postcodes and area names still work.";
    });
    const districts = this.loadDistricts().catch(function (error) { console.warn("peerdir map:", error); });
    Promise.all([places, districts]).then(function (answers) { self.showPlace(text, answers[0]); });
  };

  DirectoryMap.prototype.showPlace = function (text, warning) {
    const found = this.findPlace(text);
    if (found.problem) {
      this.say(found.problem);
      this.clearOrigin();
      return;
    }
    let centre = found.at;
    if (!centre) {
      const sum = found.groups.reduce(function (total, group) { return [total[0] + group.lat, total[1] + group.lon]; }, [0, 0]);
      centre = [sum[0] / found.groups.length, sum[1] / found.groups.length];
    }
    this.say([warning, found.note].filter(Boolean).join(" "));
    this.setOrigin(centre, found.label, found.groups, found.approximate);
  };

  DirectoryMap.prototype.nearMe = function () {
    const self = this;
    if (!("geolocation" in navigator)) {
      this.say("This browser cannot share your location. Type a postcode or place instead.");
      return;
    }
    this.say("Finding where you are\u2026");
    navigator.geolocation.getCurrentPosition(function (position) {
      self.say("");
      self.setOrigin([position.coords.latitude, position.coords.longitude], "you");
    }, function (error) {
      self.say(error.code === error.PERMISSION_DENIED
        ? "You chose not to share your location. Type a postcode or place instead."
        : "We could not find where you are. Type a postcode or place instead.");
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 });
  };

  DirectoryMap.prototype.say = function (text) {
    this.placeMessage.textContent = text;
    this.placeMessage.hidden = !text;
  };

  // ------------------------------------------------------------------ controls

  DirectoryMap.prototype.showView = function (view) {
    this.view = view;
    const element = this.element;
    element.querySelectorAll("[data-view]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.view === view));
    });
    element.querySelectorAll("[data-pane]").forEach(function (pane) { pane.hidden = pane.dataset.pane !== view; });
    // The list holds every matching group, so the separate list of remote groups would repeat it.
    this.showAside();
    element.classList.toggle("is-list", view === "list");
    if (view === "list" && this.listIsStale !== false) {
      this.fillList("all", this.sortedForList(this.matching));
      this.listIsStale = false;
    }
    if (view === "map") {
      this.listIsStale = true;
      this.map.invalidateSize();
    }
    this.writeUrl();
  };

  DirectoryMap.prototype.wireControls = function () {
    const self = this;
    const element = this.element;
    // Leaflet closes a popup on Escape only while the map itself has the focus, not its popup.
    this.map.getContainer().addEventListener("keydown", function (event) {
      if (event.key === "Escape" && event.target.closest(".leaflet-popup")) self.map.closePopup();
    });
    this.selects.forEach(function (select) {
      select.addEventListener("change", function () { self.update({ fit: !self.origin }); });
    });
    element.querySelector("[data-clear-filters]").addEventListener("click", function () {
      self.selects.forEach(function (select) { select.value = ""; });
      self.update({ fit: !self.origin });
    });
    element.querySelector("[data-filters-toggle]").addEventListener("click", function (event) {
      const open = element.classList.toggle("is-filters-open");
      event.currentTarget.setAttribute("aria-expanded", String(open));
    });
    element.querySelectorAll("[data-view]").forEach(function (button) {
      button.addEventListener("click", function () { self.showView(button.dataset.view); });
    });
    const placeBox = element.querySelector("form.map-place input");
    placeBox.addEventListener("focus", function () {
      self.loadPlaces().catch(function () {});
      self.loadDistricts().catch(function () {});
    }, { once: true });
    element.querySelector("form.map-place").addEventListener("submit", function (event) {
      event.preventDefault();
      self.searchPlace(event.currentTarget.elements.place.value);
    });
    element.querySelector("[data-near-me]").addEventListener("click", function () { self.nearMe(); });
    // "Skip the map" moves the keyboard past it (following the link would only scroll).
    element.querySelector(".map-skip").addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      element.querySelector(".map-aside").focus();
    });
  };

  // The schedule rules, which mirror the Python ones, for the tests that compare the two.
  shared.schedule = { readMeeting: readMeeting, meetsOn: meetsOn, meetingInWords: meetingInWords,
    dayInfo: dayInfo, londonToday: londonToday };

  start();
})();
