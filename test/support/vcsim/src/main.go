// vcsim-balloon: VMware's vSphere API simulator (govmomi's vcsim) with
// balloon and swap metrics injected, for balloontop's live-host tests and
// benchmark.
//
// It starts the simulator (ESX or vCenter model) on a loopback address,
// prints ONE JSON line on stdout ({"url": ..., "ca": ..., "vms": [...]})
// and then serves until stdin is closed or it gets SIGTERM. Lines on stdin
// change it while it runs:
//
//	delay METHOD MS            delay every call of a SOAP method (a slow server)
//	connection HOSTREF STATE   set a host's runtime.connectionState (vcsim has no DisconnectHost)
//	quit                       stop
//
// What is injected, and why it is not stock vcsim:
//   - Every VM gets deterministic memory counters that depend on its index
//     (VMs sorted by name; printed in the JSON line for small inventories).
//     Stock vcsim serves the same series to every VM, with gaussian noise,
//     which no test can check. The values are served through vcsim's own
//     QueryPerf (sample info, intervals, newest-first order, its XML
//     encoding that drops zero values); only the numbers are replaced.
//   - QueryPerf on a deleted entity answers ManagedObjectNotFound, as a real
//     host does (stock vcsim invents data for it).
//   - RetrievePropertiesEx honours options.maxObjects with a token and
//     ContinueRetrievePropertiesEx, as vCenter does (vcsim 0.24 never pages).
//   - -user/-password make the session manager accept only that login
//     (stock vcsim accepts any non-empty one).
//   - -duplicate-names (vpx): two datacenters whose clusters and standalone
//     hosts share their names (DC1's are renamed after DC0's), so that only
//     an inventory path or a managed object id tells them apart.
//   - Every host has 64 GB and deterministic host counters (VMkernel use,
//     consumed, reservations, page sharing) consistent with its VMs.
//   - VMs get varied configurations: no Tools (index 0), high shares (1), a
//     limit below their size (2), sched.mem.maxmemctl in extraConfig (3), a
//     reservation and custom shares (4).
//
// Build in GOPATH mode with Debian's golang-github-vmware-govmomi-dev:
//
//	GO111MODULE=off GOPATH=/usr/share/gocode go build -o vcsim-balloon main.go
package main

import (
	"bufio"
	"crypto/tls"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/signal"
	"sort"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/vmware/govmomi/simulator"
	"github.com/vmware/govmomi/simulator/esx"
	"github.com/vmware/govmomi/simulator/vpx"
	"github.com/vmware/govmomi/vim25/methods"
	"github.com/vmware/govmomi/vim25/mo"
	"github.com/vmware/govmomi/vim25/soap"
	"github.com/vmware/govmomi/vim25/types"
)

// vmProfile is what a VM reports, in the API's units (KB, KB/s).
type vmProfile struct {
	Name        string `json:"name"`
	Ref         string `json:"ref"`
	Host        string `json:"host"`
	HostRef     string `json:"hostRef"`
	MemoryMB    int32  `json:"memoryMB"`
	Tools       bool   `json:"toolsRunning"`
	BalloonKB   int64  `json:"balloonKB"`
	BalloonTgt  int64  `json:"balloonTargetKB"`
	SwappedKB   int64  `json:"swappedKB"`
	SwapTgtKB   int64  `json:"swapTargetKB"` // -1: the server has no data
	SwapInKBps  int64  `json:"swapInKBps"`
	SwapOutKBps int64  `json:"swapOutKBps"`
	Compressed  int64  `json:"compressedKB"`
	ConsumedKB  int64  `json:"consumedKB"`
	GrantedKB   int64  `json:"grantedKB"`
	ActiveKB    int64  `json:"activeKB"`
	ActiveWrite int64  `json:"activeWriteKB"`
	Entitlement int64  `json:"entitlementKB"`
	OverheadKB  int64  `json:"overheadKB"`
	OverheadMax int64  `json:"overheadMaxKB"`
	ZipSavedKB  int64  `json:"zipSavedKB"`
	ZeroKB      int64  `json:"zeroKB"`
	SharedKB    int64  `json:"sharedKB"`
	Usage       int64  `json:"usage"` // hundredths of a percent of the configured memory
	Reservation int64  `json:"reservationMB"`
	Limit       int64  `json:"limitMB"` // -1: none
	SharesLevel string `json:"sharesLevel"`
	Shares      int32  `json:"shares"`
	MaxMemctlMB int64  `json:"maxMemctlMB"` // -1: not in extraConfig
}

type hostProfile struct {
	Name        string `json:"name"`
	Ref         string `json:"ref"`
	Cluster     string `json:"cluster"`
	Path        string `json:"path"`
	State       int64  `json:"state"`
	MemoryBytes int64  `json:"memoryBytes"`
	BalloonKB   int64  `json:"balloonKB"`
	SwapUsed    int64  `json:"swapUsedKB"`
	SwapInKB    int64  `json:"swapInKBps"`
	SwapOutKB   int64  `json:"swapOutKBps"`
	Compress    int64  `json:"compressedKB"`
	SysUsageKB  int64  `json:"sysUsageKB"`
	ConsumedKB  int64  `json:"consumedKB"`
	LowFreeKB   int64  `json:"lowFreeThresholdKB"`
	ReservedMB  int64  `json:"reservedCapacityMB"`
	Unreserved  int64  `json:"unreservedKB"`
	SharedKB    int64  `json:"sharedKB"`
	CommonKB    int64  `json:"sharedCommonKB"`
}

type clusterProfile struct {
	Name string `json:"name"`
	Ref  string `json:"ref"`
	Path string `json:"path"`
}

// hostMemoryBytes is every simulated host's memory (vcsim's own is 4 GB, less than its VMs).
const hostMemoryBytes = int64(64) << 30

func profileFor(i int, memoryMB int32) vmProfile {
	p := vmProfile{MemoryMB: memoryMB, Tools: i != 0}
	if i == 0 {
		// No Tools: no balloon; everything reclaimed is swapped. Zero balloon
		// values are dropped from vcsim's <value> lists (its XML quirk).
		p.SwappedKB = 200 * 1024
		p.SwapTgtKB = 256 * 1024
		p.SwapInKBps = 512
		p.SwapOutKBps = 1024
	} else {
		p.BalloonKB = int64(i%4+1) * 128 * 1024
		p.BalloonTgt = p.BalloonKB + 64*1024
		p.SwappedKB = int64(i%3) * 32 * 1024
		p.SwapTgtKB = p.SwappedKB
		if i == 1 {
			p.SwapTgtKB = -1
		}
		p.SwapInKBps = int64(i % 3 * 100)
		p.SwapOutKBps = int64(i % 3 * 200)
		p.Compressed = int64(i%2) * 16 * 1024
	}
	p.GrantedKB = int64(memoryMB) * 1024
	p.ConsumedKB = p.GrantedKB * 3 / 4
	p.ActiveKB = p.GrantedKB / 4
	p.ActiveWrite = p.ActiveKB / 2
	p.Entitlement = p.GrantedKB * 9 / 10
	p.OverheadKB = int64(30+i%5) * 1024
	p.OverheadMax = p.OverheadKB + 10*1024
	p.ZipSavedKB = p.Compressed / 2
	p.ZeroKB = 64 * 1024
	p.SharedKB = int64(i%3+1) * 100 * 1024
	p.Usage = p.ActiveKB * 10000 / p.GrantedKB
	p.Limit = -1
	p.SharesLevel = "normal"
	p.MaxMemctlMB = -1
	switch i {
	case 1:
		p.SharesLevel = "high"
	case 2:
		p.Limit = 1024 // below the configured size: ballooned even without pressure
	case 3:
		p.MaxMemctlMB = 512
	case 4:
		p.Reservation = 1024
		p.SharesLevel = "custom"
		p.Shares = 5000
	}
	return p
}

var (
	mu       sync.Mutex
	vmByRef  = map[string]*vmProfile{}
	hostByRf = map[string]*hostProfile{}
	keyName  = map[int32]string{}
)

func (p *vmProfile) value(counter string) (int64, bool) {
	switch counter {
	case "mem.vmmemctl.average":
		return p.BalloonKB, true
	case "mem.vmmemctltarget.average":
		return p.BalloonTgt, true
	case "mem.swapped.average":
		return p.SwappedKB, true
	case "mem.swaptarget.average":
		return p.SwapTgtKB, true
	case "mem.swapinRate.average":
		return p.SwapInKBps, true
	case "mem.swapoutRate.average":
		return p.SwapOutKBps, true
	case "mem.compressed.average":
		return p.Compressed, true
	case "mem.consumed.average":
		return p.ConsumedKB, true
	case "mem.granted.average":
		return p.GrantedKB, true
	case "mem.active.average":
		return p.ActiveKB, true
	case "mem.activewrite.average":
		return p.ActiveWrite, true
	case "mem.entitlement.average":
		return p.Entitlement, true
	case "mem.overhead.average":
		return p.OverheadKB, true
	case "mem.overheadMax.average":
		return p.OverheadMax, true
	case "mem.zipSaved.latest":
		return p.ZipSavedKB, true
	case "mem.zero.average":
		return p.ZeroKB, true
	case "mem.shared.average":
		return p.SharedKB, true
	case "mem.usage.average":
		return p.Usage, true
	}
	return 0, false
}

func (p *hostProfile) value(counter string) (int64, bool) {
	switch counter {
	case "mem.state.latest":
		return p.State, true
	case "mem.vmmemctl.average":
		return p.BalloonKB, true
	case "mem.swapused.average":
		return p.SwapUsed, true
	case "mem.swapinRate.average":
		return p.SwapInKB, true
	case "mem.swapoutRate.average":
		return p.SwapOutKB, true
	case "mem.compressed.average":
		return p.Compress, true
	case "mem.sysUsage.average":
		return p.SysUsageKB, true
	case "mem.consumed.average":
		return p.ConsumedKB, true
	case "mem.lowfreethreshold.average":
		return p.LowFreeKB, true
	case "mem.reservedCapacity.average":
		return p.ReservedMB, true
	case "mem.unreserved.average":
		return p.Unreserved, true
	case "mem.shared.average":
		return p.SharedKB, true
	case "mem.sharedcommon.average":
		return p.CommonKB, true
	}
	return 0, false
}

// perfManager is vcsim's PerformanceManager with per-entity values (embedded
// by value: vcsim's property collector digs the mo type out of field 0).
type perfManager struct {
	simulator.PerformanceManager
}

func (m *perfManager) QueryPerf(ctx *simulator.Context, req *types.QueryPerf) soap.HasFault {
	for _, qs := range req.QuerySpec {
		if simulator.Map.Get(qs.Entity) == nil {
			body := new(methods.QueryPerfBody)
			body.Fault_ = simulator.Fault("The object has already been deleted or has not been completely created",
				&types.ManagedObjectNotFound{Obj: qs.Entity})
			return body
		}
	}
	res := m.PerformanceManager.QueryPerf(ctx, req)
	body, ok := res.(*methods.QueryPerfBody)
	if !ok || body.Res == nil {
		return res
	}
	mu.Lock()
	defer mu.Unlock()
	for _, base := range body.Res.Returnval {
		em, ok := base.(*types.PerfEntityMetric)
		if !ok {
			continue
		}
		for _, s := range em.Value {
			series, ok := s.(*types.PerfMetricIntSeries)
			if !ok {
				continue
			}
			name := keyName[series.Id.CounterId]
			var v int64
			var have bool
			if vm := vmByRef[em.Entity.Value]; vm != nil && em.Entity.Type == "VirtualMachine" {
				v, have = vm.value(name)
			} else if h := hostByRf[em.Entity.Value]; h != nil && em.Entity.Type == "HostSystem" {
				v, have = h.value(name)
			}
			if !have {
				continue
			}
			for i := range series.Value {
				series.Value[i] = v
			}
		}
	}
	return body
}

// pagingCollector is vcsim's PropertyCollector with vCenter's paging. vcsim
// makes one per session with reflect.New, so it embeds by value and starts
// from its zero value.
type pagingCollector struct {
	simulator.PropertyCollector
	pages map[string][]types.ObjectContent
	page  int
	next  int
}

func (pc *pagingCollector) cut(objects []types.ObjectContent, max int) *types.RetrieveResult {
	if max <= 0 || len(objects) <= max {
		return &types.RetrieveResult{Objects: objects}
	}
	if pc.pages == nil {
		pc.pages = map[string][]types.ObjectContent{}
	}
	pc.next++
	token := "page-" + strconv.Itoa(pc.next)
	pc.pages[token] = objects[max:]
	pc.page = max
	return &types.RetrieveResult{Objects: objects[:max], Token: token}
}

func (pc *pagingCollector) RetrievePropertiesEx(ctx *simulator.Context, req *types.RetrievePropertiesEx) soap.HasFault {
	res := pc.PropertyCollector.RetrievePropertiesEx(ctx, req)
	body, ok := res.(*methods.RetrievePropertiesExBody)
	if !ok || body.Res == nil || body.Res.Returnval == nil {
		return res
	}
	max := int(req.Options.MaxObjects)
	mu.Lock()
	defer mu.Unlock()
	body.Res.Returnval = pc.cut(body.Res.Returnval.Objects, max)
	return body
}

func (pc *pagingCollector) ContinueRetrievePropertiesEx(ctx *simulator.Context, req *types.ContinueRetrievePropertiesEx) soap.HasFault {
	body := new(methods.ContinueRetrievePropertiesExBody)
	mu.Lock()
	defer mu.Unlock()
	rest, ok := pc.pages[req.Token]
	if !ok {
		body.Fault_ = simulator.Fault("", &types.InvalidArgument{InvalidProperty: "token"})
		return body
	}
	delete(pc.pages, req.Token)
	body.Res = &types.ContinueRetrievePropertiesExResponse{Returnval: *pc.cut(rest, pc.page)}
	return body
}

// inventoryPath is an object's path from the root folder, as govc prints it (/DC0/host/DC0_C0).
func inventoryPath(ref types.ManagedObjectReference) string {
	var parts []string
	for {
		e, ok := simulator.Map.Get(ref).(mo.Entity)
		if !ok {
			break
		}
		me := e.Entity()
		if me.Parent == nil {
			break // the root folder
		}
		parts = append([]string{me.Name}, parts...)
		ref = *me.Parent
	}
	return "/" + strings.Join(parts, "/")
}

func main() {
	model := flag.String("model", "esx", "esx (a standalone ESXi host) or vpx (a vCenter)")
	vms := flag.Int("vms", 4, "VMs per resource pool")
	clusterHosts := flag.Int("cluster-hosts", 2, "vpx: hosts in the cluster")
	listen := flag.String("listen", "127.0.0.1:0", "address to listen on (loopback)")
	useTLS := flag.Bool("tls", false, "serve https with vcsim's own certificate")
	user := flag.String("user", "", "accept only this user name (default: any non-empty)")
	password := flag.String("password", "", "accept only this password (with -user)")
	duplicateNames := flag.Bool("duplicate-names", false, "vpx: a second datacenter whose cluster and standalone host are named as the first one's")
	flag.Parse()

	var m *simulator.Model
	var counters []types.PerfCounterInfo
	switch *model {
	case "esx":
		m = simulator.ESX()
		counters = esx.PerfCounter
	case "vpx":
		m = simulator.VPX()
		m.ClusterHost = *clusterHosts
		if *duplicateNames {
			m.Datacenter = 2
		}
		counters = vpx.PerfCounter
	default:
		fmt.Fprintf(os.Stderr, "vcsim-balloon: unknown model %q\n", *model)
		os.Exit(2)
	}
	m.Machine = *vms
	m.Autostart = true
	for _, c := range counters {
		keyName[c.Key] = c.GroupInfo.GetElementDescription().Key + "." + c.NameInfo.GetElementDescription().Key + "." + string(c.RollupType)
	}
	if err := m.Create(); err != nil {
		fmt.Fprintf(os.Stderr, "vcsim-balloon: %v\n", err)
		os.Exit(1)
	}

	// Our PerformanceManager and PropertyCollector replace vcsim's in its registry.
	content := simulator.Map.Get(*simulator.Map.Get(types.ManagedObjectReference{Type: "ServiceInstance", Value: "ServiceInstance"}).(*simulator.ServiceInstance).Content.PerfManager)
	simulator.Map.Put(&perfManager{*content.(*simulator.PerformanceManager)})
	pcRef := simulator.Map.Get(types.ManagedObjectReference{Type: "ServiceInstance", Value: "ServiceInstance"}).(*simulator.ServiceInstance).Content.PropertyCollector
	simulator.Map.Put(&pagingCollector{PropertyCollector: *simulator.Map.Get(pcRef).(*simulator.PropertyCollector)})

	if *duplicateNames {
		// DC1's cluster and standalone host (and its compute resource) take DC0's names.
		for _, kind := range []string{"ClusterComputeResource", "ComputeResource", "HostSystem"} {
			for _, e := range simulator.Map.All(kind) {
				if me := e.Entity(); strings.HasPrefix(me.Name, "DC1_") && !strings.Contains(me.Name, "_C0_") {
					me.Name = "DC0_" + strings.TrimPrefix(me.Name, "DC1_")
				}
			}
		}
	}

	// Profiles: VMs sorted by name; hosts sum their VMs.
	all := simulator.Map.All("VirtualMachine")
	sort.Slice(all, func(a, b int) bool { return all[a].Entity().Name < all[b].Entity().Name })
	for _, h := range simulator.Map.All("HostSystem") {
		hs := h.(*simulator.HostSystem)
		hardware := *hs.Hardware
		hardware.MemorySize = hostMemoryBytes
		hs.Hardware = &hardware
		summary := *hs.Summary.Hardware
		summary.MemorySize = hostMemoryBytes
		hs.Summary.Hardware = &summary
		hp := &hostProfile{Name: hs.Name, Ref: hs.Self.Value, Path: inventoryPath(hs.Self), State: 2, MemoryBytes: hostMemoryBytes}
		if parent := simulator.Map.Get(*hs.Parent); parent != nil && hs.Parent.Type == "ClusterComputeResource" {
			hp.Cluster = parent.(*simulator.ClusterComputeResource).Name
		}
		hp.SysUsageKB = 900 * 1024
		hp.ConsumedKB = hp.SysUsageKB
		hp.LowFreeKB = 1270 * 1024
		hp.ReservedMB = 2000
		hostByRf[hs.Self.Value] = hp
	}
	clusters := []clusterProfile{}
	for _, e := range simulator.Map.All("ClusterComputeResource") {
		c := e.(*simulator.ClusterComputeResource)
		clusters = append(clusters, clusterProfile{Name: c.Name, Ref: c.Self.Value, Path: inventoryPath(c.Self)})
	}
	sort.Slice(clusters, func(a, b int) bool { return clusters[a].Path < clusters[b].Path })
	printed := []vmProfile{}
	for i, e := range all {
		vm := e.(*simulator.VirtualMachine)
		vm.Config.Hardware.MemoryMB = int32(2048 * (1 + i%4))
		vm.Summary.Config.MemorySizeMB = vm.Config.Hardware.MemoryMB
		p := profileFor(i, vm.Config.Hardware.MemoryMB)
		limit, reservation := p.Limit, p.Reservation
		vm.Config.MemoryAllocation.Limit = &limit
		vm.Config.MemoryAllocation.Reservation = &reservation
		vm.Config.MemoryAllocation.Shares = &types.SharesInfo{Level: types.SharesLevel(p.SharesLevel), Shares: p.Shares}
		if p.MaxMemctlMB >= 0 {
			vm.Config.ExtraConfig = append(vm.Config.ExtraConfig, &types.OptionValue{Key: "sched.mem.maxmemctl", Value: strconv.FormatInt(p.MaxMemctlMB, 10)})
		}
		p.Name = vm.Name
		p.Ref = vm.Self.Value
		if vm.Guest == nil {
			vm.Guest = &types.GuestInfo{}
		}
		if p.Tools {
			vm.Guest.ToolsRunningStatus = string(types.VirtualMachineToolsRunningStatusGuestToolsRunning)
			vm.Guest.ToolsStatus = types.VirtualMachineToolsStatusToolsOk
		} else {
			vm.Guest.ToolsRunningStatus = string(types.VirtualMachineToolsRunningStatusGuestToolsNotRunning)
			vm.Guest.ToolsStatus = types.VirtualMachineToolsStatusToolsNotInstalled
		}
		vm.Summary.QuickStats.BalloonedMemory = int32(p.BalloonKB / 1024)
		vm.Summary.QuickStats.SwappedMemory = int32(p.SwappedKB / 1024)
		if vm.Runtime.Host != nil {
			if hp := hostByRf[vm.Runtime.Host.Value]; hp != nil {
				p.Host = hp.Name
				p.HostRef = hp.Ref
				hp.BalloonKB += p.BalloonKB
				hp.SwapUsed += p.SwappedKB
				hp.SwapInKB += p.SwapInKBps
				hp.SwapOutKB += p.SwapOutKBps
				hp.Compress += p.Compressed
				hp.ConsumedKB += p.ConsumedKB
				hp.ReservedMB += p.Reservation + p.OverheadMax/1024
				hp.SharedKB += p.SharedKB
			}
		}
		vmByRef[vm.Self.Value] = &p
		if len(all) <= 64 {
			printed = append(printed, p)
		}
	}
	hosts := []hostProfile{}
	for _, h := range hostByRf {
		h.Unreserved = (hostMemoryBytes>>20 - 300 - h.ReservedMB) * 1024
		h.CommonKB = h.SharedKB / 4
		hosts = append(hosts, *h)
	}
	sort.Slice(hosts, func(a, b int) bool { return hosts[a].Path < hosts[b].Path })

	m.Service.Listen = &url.URL{Host: *listen}
	if *user != "" {
		m.Service.Listen.User = url.UserPassword(*user, *password)
	}
	if *useTLS {
		m.Service.TLS = new(tls.Config)
	}
	s := m.Service.NewServer()
	ca := ""
	if *useTLS {
		f, err := s.CertificateFile()
		if err != nil {
			fmt.Fprintf(os.Stderr, "vcsim-balloon: %v\n", err)
			os.Exit(1)
		}
		ca = f
	}
	u := *s.URL
	u.User = nil
	out, _ := json.Marshal(map[string]interface{}{
		"url": u.String(), "ca": ca, "model": *model, "vmCount": len(all), "vms": printed, "hosts": hosts, "clusters": clusters,
	})
	fmt.Println(string(out))

	done := make(chan struct{})
	go func() {
		in := bufio.NewScanner(os.Stdin)
		for in.Scan() {
			f := strings.Fields(in.Text())
			if len(f) == 3 && f[0] == "delay" {
				ms, _ := strconv.Atoi(f[2])
				delays := map[string]int{}
				for k, v := range m.DelayConfig.MethodDelay {
					delays[k] = v
				}
				delays[f[1]] = ms
				m.DelayConfig.MethodDelay = delays
				fmt.Println("ok")
			} else if len(f) == 3 && f[0] == "connection" {
				ref := types.ManagedObjectReference{Type: "HostSystem", Value: f[1]}
				if h, ok := simulator.Map.Get(ref).(*simulator.HostSystem); ok {
					simulator.Map.WithLock(h, func() { h.Runtime.ConnectionState = types.HostSystemConnectionState(f[2]) })
					fmt.Println("ok")
				} else {
					fmt.Println("no such host")
				}
			} else if len(f) == 1 && f[0] == "quit" {
				break
			}
		}
		close(done)
	}()
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, syscall.SIGTERM, syscall.SIGINT)
	select {
	case <-done:
	case <-sig:
	}
	s.Close()
	m.Remove()
}
